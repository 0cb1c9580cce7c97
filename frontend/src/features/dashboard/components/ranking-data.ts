import type { DataQuality, Health, PeerGroup, ScorecardRow } from '../../../api/models';

/** Worst first: overdue, off track, at risk, on track, done; an agency without a task last. */
const SEVERITY: Record<Health, number> = { overdue: 0, off_track: 1, at_risk: 2, on_track: 3, done: 4 };

export const healthSeverity = (health: Health | null | undefined): number => (health ? SEVERITY[health] : 5);

/**
 * The laggards first: by the health the server decided for each agency (worst first), then by
 * lowest weighted progress, then by code (a stable order between equals).
 */
export function compareLaggards(a: ScorecardRow, b: ScorecardRow): number {
  return healthSeverity(a.health) - healthSeverity(b.health) || a.weighted_progress - b.weighted_progress || a.code.localeCompare(b.code);
}

/** The ranking as the overview opens it: laggards first (the server's `rank` stays on each row). */
export const laggardsFirst = (rows: readonly ScorecardRow[]): ScorecardRow[] => [...rows].sort(compareLaggards);

/** A column's order for a figure that may be missing: a missing figure counts as the lowest. */
export const compareOptional = (a: number | null | undefined, b: number | null | undefined): number => (a ?? -1) - (b ?? -1);

/** The peer groups in the order the ranking shows them (as the server lists them). */
export const PEER_GROUP_ORDER: readonly PeerGroup[] = ['central', 'ministry', 'province', 'department', 'commune', 'other'];

/** The server's rank read within its group: groups in their order, then the place in the group. */
export function compareRank(a: ScorecardRow, b: ScorecardRow): number {
  return PEER_GROUP_ORDER.indexOf(a.peer_group) - PEER_GROUP_ORDER.indexOf(b.peer_group) || a.rank - b.rank;
}

/** The groups that have rows, in their order (the filter offers only these). */
export const peerGroupsOf = (rows: readonly ScorecardRow[]): PeerGroup[] => PEER_GROUP_ORDER.filter((g) => rows.some((r) => r.peer_group === g));

/** The colour of a data-quality mark; its words always go with it. */
export const DATA_QUALITY_COLOR: Record<DataQuality, string> = { good: 'green', fair: 'gold', insufficient: 'red', not_expected: 'default' };
