// Reorganisation helpers of the agencies page (docs/reorganisation.md): the past day being looked at
// and the refusals of merge, dissolve, undo and delete. What the user may do comes from `actions`.
import type { MessageKey, Translate } from '../../../lib/i18n/i18n';
import { describeError } from '../../../lib/describe-error';
import type { ErrorCode } from '../../../lib/error-codes';
import { ApiError } from '../../../lib/problem';

/** `YYYY-MM-DD` from the URL, or null when absent or not a real calendar date. */
export function parseAsOf(value: string | null | undefined): string | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? value : null;
}

/** A refusal of a reorganisation step (or of deleting an agency): a headline in the user's language and the server's own words. */
export interface ReorgRefusal {
  title: string;
  /** The server's English `detail` (for `still_open`: what is still open), shown as a secondary technical line. */
  detail: string | null;
}

const CONFLICT_TITLES: Partial<Record<ErrorCode, MessageKey>> = {
  still_open: 'dissolve.stillOpen',
  not_active: 'reorg.notActive',
  written_since: 'undoMerge.writtenSince',
  not_merged: 'undoMerge.notMerged',
  has_children: 'deleteAgency.hasChildren',
  has_users: 'deleteAgency.hasUsers',
  still_referenced: 'deleteAgency.stillReferenced',
};

export function describeReorgError(error: unknown, t: Translate): ReorgRefusal {
  if (error instanceof ApiError && error.status === 409 && error.problem) {
    const key = CONFLICT_TITLES[error.problem.code];
    if (key) return { title: t(key), detail: error.problem.detail || null };
  }
  return { title: describeError(error, t), detail: null };
}
