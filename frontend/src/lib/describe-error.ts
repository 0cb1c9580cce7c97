import type { Translate } from './i18n/i18n';
import { ApiError } from './problem';

/** A sentence for the user about why a request failed. */
export function describeError(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) return error instanceof TypeError ? t('error.network') : t('error.unknown');
  if (error.status >= 500) return t('error.server');
  const detail = error.problem?.detail;
  if (detail) return detail;
  switch (error.status) {
    case 403:
      return t('error.forbidden');
    case 404:
      return t('error.notFound');
    case 409:
      return t('error.conflict');
    case 412:
      return t('error.stale');
    case 422:
      return t('error.validation');
    default:
      return error.problem?.title ?? t('error.unknown');
  }
}
