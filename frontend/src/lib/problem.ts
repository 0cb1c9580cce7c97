import type { Problem } from '../api/models';
import { fieldCodeMessage } from './error-codes';
import type { Translate } from './i18n/i18n';

export type FieldError = NonNullable<Problem['errors']>[number];

/** An API failure: the HTTP status and, when the server sent one, its problem document. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

export function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { status?: unknown }).status === 'number' &&
    typeof (value as { title?: unknown }).title === 'string'
  );
}

/** Turns an openapi-fetch result into its data, or throws an ApiError. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  throw toApiError(result.error, result.response);
}

export function toApiError(body: unknown, response: Response): ApiError {
  const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
  return new ApiError(response.status, isProblem(body) ? body : null, Number.isFinite(retryAfter) ? retryAfter : null);
}

export interface FormFieldError<F extends string = string> {
  name: F;
  errors: string[];
}

export interface ProblemForForm<F extends string = string> {
  /** Errors to show next to form fields (antd `form.setFields`). */
  fields: FormFieldError<F>[];
  /** What cannot be attached to a field: the problem's detail and errors for unknown fields. */
  formMessage: string | null;
}

/** `roles[1]` and `roles.1` belong to the `roles` field. */
const fieldRoot = (field: string): string => field.split(/[.[]/, 1)[0] ?? field;
/** `attachment_ids[2]` is the third item of its field. */
const fieldIndex = (field: string): number | null => {
  const match = /^[^.[]+(?:\[(\d+)\]|\.(\d+))/.exec(field);
  const n = match ? Number(match[1] ?? match[2]) : Number.NaN;
  return Number.isFinite(n) ? n : null;
};
const capitalise = (s: string): string => s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);

/**
 * One field error in the user's language, from its `code`: "Tiến độ (%) nằm ngoài giới hạn cho phép."
 * The label is the form's own when it knows the field, otherwise the field's wire name.
 */
export function describeFieldError(error: FieldError, t: Translate, label?: string): string {
  const index = fieldIndex(error.field);
  const named = label ?? t('fieldCode.unnamed', { field: fieldRoot(error.field) });
  const subject = index !== null ? t('fieldCode.item', { label: named, n: index + 1 }) : named;
  return capitalise(t(fieldCodeMessage(error.code), { field: subject }));
}

/**
 * Maps a problem document onto a form: `errors` whose field the form has go next to that field,
 * everything else goes into one message above the form, led by `headline` (the translated problem,
 * from `describeError`). Every sentence comes from the codes, in the user's language; `labels` name
 * the form's fields in those sentences.
 */
export function problemToForm<F extends string>(
  problem: Problem | null,
  formFields: readonly F[],
  headline: string,
  t: Translate,
  labels: Partial<Record<F, string>> = {},
): ProblemForForm<F> {
  if (!problem) return { fields: [], formMessage: headline };
  const isFormField = (name: string): name is F => (formFields as readonly string[]).includes(name);
  const byField = new Map<F, string[]>();
  const unplaced: string[] = [];
  let unnamed = false;
  for (const error of problem.errors ?? []) {
    const root = fieldRoot(error.field);
    if (isFormField(root)) byField.set(root, [...(byField.get(root) ?? []), describeFieldError(error, t, labels[root])]);
    else if (error.field) unplaced.push(describeFieldError(error, t));
    else unnamed = true;
  }
  const fields = [...byField].map(([name, errors]) => ({ name, errors }));
  const parts = [...(fields.length === 0 || unplaced.length > 0 || unnamed ? [headline] : []), ...unplaced];
  const formMessage = parts.filter(Boolean).join(' · ') || null;
  return { fields, formMessage };
}
