import { errorCodeMessage } from './error-codes';
import type { Translate } from './i18n/i18n';
import { ApiError } from './problem';

export interface ErrorExplanation {
  /** A sentence in the user's language, from the problem's `code` (never the server's English `detail`). */
  message: string;
  /** The request id to quote to support, for faults of the server (5xx) or codes this app does not know. */
  requestId: string | null;
}

/** Why a request failed, in the user's language, and what to quote when it is the server's fault. */
export function explainError(error: unknown, t: Translate): ErrorExplanation {
  if (!(error instanceof ApiError)) return { message: error instanceof TypeError ? t('error.network') : t('error.unknown'), requestId: null };
  const problem = error.problem;
  const requestId = problem?.request_id || null;
  const key = errorCodeMessage(problem?.code);
  if (key && problem?.code !== 'internal_error') {
    if (problem?.code === 'rate_limited' && error.retryAfterSeconds !== null) {
      return { message: t('error.rateLimitedWait', { seconds: error.retryAfterSeconds }), requestId: null };
    }
    return { message: t(key), requestId: error.status >= 500 ? requestId : null };
  }
  if (error.status >= 500) return { message: t('error.server'), requestId };
  switch (error.status) {
    case 401:
      return { message: t('errorCode.unauthorized'), requestId: null };
    case 403:
      return { message: t('error.forbidden'), requestId: null };
    case 404:
      return { message: t('error.notFound'), requestId: null };
    case 409:
      return { message: t('error.conflict'), requestId };
    case 412:
      return { message: t('error.stale'), requestId: null };
    case 422:
      return { message: t('error.validation'), requestId: null };
    default:
      return { message: t('error.unknown'), requestId };
  }
}

/** A sentence for the user about why a request failed (with the request id when it is worth quoting). */
export function describeError(error: unknown, t: Translate): string {
  const { message, requestId } = explainError(error, t);
  return requestId ? `${message} ${t('common.requestId', { id: requestId })}` : message;
}
