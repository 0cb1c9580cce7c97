import type { FieldCode } from '../../../lib/error-codes';
import type { MessageKey } from '../../../lib/i18n/i18n';
import { ApiError } from '../../../lib/problem';

/** One figure the server refused in a bulk decision: the `i`-th of the ids sent. */
export interface Refusal {
  id: string;
  /** Its position in the ids sent (0-based), as in the field `ids[i]`. */
  index: number;
  /** The field code: forbidden, not_found, conflict, duplicate, invalid … */
  code: string;
}

/** A 409 `bulk_refused`: nothing was decided, and `errors` name the refused ids. */
export function isBulkRefusal(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 409 && error.problem?.code === 'bulk_refused';
}

/**
 * The refused figures of a bulk decision, mapped back from `ids[i]` to the i-th id sent (the same
 * array, in the same order). Errors that name no sent id are left out: they cannot mark a row.
 */
export function bulkRefusals(error: unknown, sent: readonly string[]): Refusal[] {
  if (!isBulkRefusal(error)) return [];
  return (error.problem?.errors ?? []).flatMap((e) => {
    const m = /^ids\[(\d+)\]$/.exec(e.field);
    const index = m ? Number(m[1]) : Number.NaN;
    const id = Number.isInteger(index) ? sent[index] : undefined;
    return id === undefined ? [] : [{ id, index, code: e.code }];
  });
}

const REASONS: Partial<Record<FieldCode, MessageKey>> = {
  forbidden: 'bulk.reason.forbidden',
  not_found: 'bulk.reason.not_found',
  conflict: 'bulk.reason.conflict',
  duplicate: 'bulk.reason.duplicate',
  invalid: 'bulk.reason.invalid',
};

/** Why one figure was refused, in the user's language (never the server's English message). */
export function refusalReason(code: string): MessageKey {
  return Object.hasOwn(REASONS, code) ? (REASONS[code as FieldCode] ?? 'bulk.reason.other') : 'bulk.reason.other';
}
