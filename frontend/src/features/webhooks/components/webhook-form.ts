import type { WebhookEvent } from '../../../api/models';
import { describeError } from '../../../lib/describe-error';
import type { Translate } from '../../../lib/i18n/i18n';
import { ApiError, describeFieldError, problemToForm, type FieldError, type ProblemForForm } from '../../../lib/problem';

export interface WebhookFormValues {
  url?: string;
  events?: WebhookEvent[];
}

export const WEBHOOK_FORM_FIELDS = ['url', 'events'] as const;
export type WebhookFormField = (typeof WEBHOOK_FORM_FIELDS)[number];

/** A refusal about the key the webhook is for: said in the form's words, above the form. */
function keySentence(error: FieldError, t: Translate): string {
  if (error.code === 'range') return t('webhooks.keyFull');
  if (error.code === 'invalid') return t('webhooks.keyInactive');
  return describeFieldError(error, t, t('audit.fieldName.api_key_id'));
}

const URL_REFUSALS = ['format', 'forbidden', 'invalid', 'not_found'] as const;

/** Why the server refused a URL, from its code: the form of the URL, a private address, plain http, no such host. */
function urlSentence(error: FieldError, t: Translate): string | null {
  const code = URL_REFUSALS.find((c) => c === error.code);
  return code ? t(`webhooks.urlRefused.${code}`) : null;
}

/**
 * Where the server's refusal of a new webhook goes: `url` and `events[i]` next to their fields, in
 * the user's language from the codes (a refused URL says which rule it broke: its form, a private
 * address, plain http, an unknown host). The key's refusals (`api_key_id`: unknown, revoked or
 * expired, full) and anything else go above the form.
 */
export function webhookProblemToForm(error: unknown, t: Translate): ProblemForForm<WebhookFormField> {
  const headline = describeError(error, t);
  const problem = error instanceof ApiError ? error.problem : null;
  if (!problem) return { fields: [], formMessage: headline };
  const keyErrors = (problem.errors ?? []).filter((e) => e.field === 'api_key_id');
  const rest = (problem.errors ?? []).filter((e) => e.field !== 'api_key_id');
  const mapped = problemToForm({ ...problem, errors: rest }, WEBHOOK_FORM_FIELDS, headline, t, { url: t('webhooks.url'), events: t('webhooks.events') });
  const urlSentences = rest.filter((e) => e.field === 'url').map((e) => urlSentence(e, t));
  const known = urlSentences.filter((s): s is string => s !== null);
  // A URL refused for a reason this version does not know keeps the generic sentence.
  const fields = mapped.fields.map((f) => (f.name === 'url' && known.length === urlSentences.length ? { ...f, errors: known } : f));
  if (keyErrors.length === 0) return { fields, formMessage: mapped.formMessage };
  const placedElsewhere = rest.length > 0 && mapped.formMessage !== null;
  const parts = [...(placedElsewhere ? [mapped.formMessage] : []), ...keyErrors.map((e) => keySentence(e, t))];
  return { fields, formMessage: parts.join(' · ') };
}
