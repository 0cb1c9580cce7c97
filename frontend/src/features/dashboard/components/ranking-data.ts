import type { Health, ScorecardRow } from '../../../api/models';

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
