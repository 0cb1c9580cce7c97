import type { Problem } from '../api/models';

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

/**
 * Maps a problem document onto a form: `errors` whose field the form has go next to that field,
 * everything else (and `detail`) goes into one message above the form.
 */
export function problemToForm<F extends string>(problem: Problem | null, formFields: readonly F[], fallback: string): ProblemForForm<F> {
  if (!problem) return { fields: [], formMessage: fallback };
  const isFormField = (name: string): name is F => (formFields as readonly string[]).includes(name);
  const byField = new Map<F, string[]>();
  const unplaced: string[] = [];
  for (const { field, message } of problem.errors ?? []) {
    const root = fieldRoot(field);
    if (isFormField(root)) byField.set(root, [...(byField.get(root) ?? []), message]);
    else unplaced.push(field ? `${field}: ${message}` : message);
  }
  const fields = [...byField].map(([name, errors]) => ({ name, errors }));
  const parts = [...(fields.length === 0 || unplaced.length > 0 ? [problem.detail ?? problem.title] : []), ...unplaced];
  const formMessage = parts.filter(Boolean).join(' · ') || null;
  return { fields, formMessage };
}
