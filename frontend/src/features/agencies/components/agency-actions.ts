import type { Agency } from '../../../api/models';
import type { MessageKey, Translate } from '../../../lib/i18n/i18n';
import { describeError } from '../../../lib/describe-error';
import { ApiError } from '../../../lib/problem';

export interface AgencyActionContext {
  /** The signed-in user's roles. */
  roles: readonly string[];
  /** The signed-in user's own agency (the root of what they see). */
  ownAgencyId: string | undefined;
  /** A past date being looked at (`YYYY-MM-DD`): the hierarchy is then read-only. */
  asOf: string | null;
}

/** What the agencies page offers for the selected agency. `addChild: 'disabled'` is shown but greyed out. */
export interface AgencyActions {
  edit: boolean;
  addChild: 'enabled' | 'disabled' | 'hidden';
  merge: boolean;
  dissolve: boolean;
  undoMerge: boolean;
}

const NONE: AgencyActions = { edit: false, addChild: 'hidden', merge: false, dissolve: false, undoMerge: false };

/**
 * Which controls to offer, following docs/roles.md and docs/reorganisation.md; the server decides
 * for real (scope, "above the agency"), this only hides what the role can never do:
 * - admins and agency admins edit, add sub-agencies (to active agencies), merge and dissolve
 *   active agencies other than their own and the root;
 * - only admins undo a merge, of an agency whose status is `merged`;
 * - nothing is offered while a past date is shown.
 */
export function agencyActions(agency: Pick<Agency, 'id' | 'status' | 'parent_id'>, ctx: AgencyActionContext): AgencyActions {
  if (ctx.asOf) return NONE;
  const admin = ctx.roles.includes('admin');
  const manager = admin || ctx.roles.includes('agency_admin');
  if (!manager) return NONE;
  const active = agency.status === 'active';
  const reorganisable = active && agency.id !== ctx.ownAgencyId && Boolean(agency.parent_id);
  return {
    edit: true,
    addChild: active ? 'enabled' : 'disabled',
    merge: reorganisable,
    dissolve: reorganisable,
    undoMerge: admin && agency.status === 'merged',
  };
}

/** `YYYY-MM-DD` from the URL, or null when absent or not a real calendar date. */
export function parseAsOf(value: string | null | undefined): string | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? value : null;
}

/** A refusal of a reorganisation step: a headline in the user's language and the server's own words. */
export interface ReorgRefusal {
  title: string;
  /** The server's `detail` (for `still_open`: what is still open), when it adds something. */
  detail: string | null;
}

const CONFLICT_TITLES: Record<string, MessageKey> = {
  still_open: 'dissolve.stillOpen',
  not_active: 'reorg.notActive',
  written_since: 'undoMerge.writtenSince',
  not_merged: 'undoMerge.notMerged',
};

export function describeReorgError(error: unknown, t: Translate): ReorgRefusal {
  if (error instanceof ApiError && error.status === 409 && error.problem) {
    const key = CONFLICT_TITLES[error.problem.code];
    if (key) return { title: t(key), detail: error.problem.detail || null };
  }
  return { title: describeError(error, t), detail: null };
}
