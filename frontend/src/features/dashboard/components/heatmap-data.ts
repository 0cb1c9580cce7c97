import type { ScorecardRow } from '../../../api/models';
import { tasksUrl, type ResolutionBar } from './overview-data';

/** One agency × resolution cell: the agency's (subtree's) tasks of that resolution. */
export interface HeatCell {
  resolutionId: string;
  tasks: number;
  completed: number;
  overdue: number;
  /** Weighted progress 0–100; null when the agency has no task in the resolution (nothing to colour). */
  progress: number | null;
  /** The tasks behind the cell; undefined when there are none. */
  href?: string;
}

export interface HeatRow {
  agencyId: string;
  code: string;
  name: string;
  cells: HeatCell[];
}

export interface HeatMap {
  columns: ResolutionBar[];
  rows: HeatRow[];
  /** Child agencies left out because they have no task in any of the columns. */
  hidden: number;
}

/**
 * The heat map from one scorecard per column (`GET /dashboard/agencies?parent_id=&resolution_id=`,
 * in the order of `columns`): child agencies as rows, by code; an agency without any task in these
 * resolutions is left out (counted in `hidden`) so that a wide scope stays readable.
 */
export function buildHeatMap(columns: readonly ResolutionBar[], scorecards: readonly (readonly ScorecardRow[])[]): HeatMap {
  const agencies = new Map<string, { code: string; name: string; byResolution: Map<string, ScorecardRow> }>();
  columns.forEach((column, i) => {
    for (const row of scorecards[i] ?? []) {
      const agency = agencies.get(row.agency_id) ?? { code: row.code, name: row.name, byResolution: new Map<string, ScorecardRow>() };
      agency.byResolution.set(column.id, row);
      agencies.set(row.agency_id, agency);
    }
  });
  const rows: HeatRow[] = [];
  let hidden = 0;
  for (const [agencyId, agency] of agencies) {
    const cells = columns.map((column): HeatCell => {
      const row = agency.byResolution.get(column.id);
      const tasks = row?.tasks ?? 0;
      return {
        resolutionId: column.id,
        tasks,
        completed: row?.completed ?? 0,
        overdue: row?.overdue ?? 0,
        progress: row && tasks > 0 ? Math.round(row.weighted_progress * 10) / 10 : null,
        href: tasks > 0 ? tasksUrl({ agencyId, resolutionId: column.id }) : undefined,
      };
    });
    if (cells.every((c) => c.tasks === 0)) hidden += 1;
    else rows.push({ agencyId, code: agency.code, name: agency.name, cells });
  }
  rows.sort((a, b) => a.code.localeCompare(b.code));
  return { columns: [...columns], rows, hidden };
}

/** Colour bands of the heat map, from behind (red) to nearly done (green); `min` inclusive. */
export const HEAT_BANDS = [
  { min: 0, max: 20, color: '#f6c1bd' },
  { min: 20, max: 40, color: '#fbd5a5' },
  { min: 40, max: 60, color: '#fbe89a' },
  { min: 60, max: 80, color: '#d3eaa9' },
  { min: 80, max: 100, color: '#9fd67f' },
] as const;

export const HEAT_EMPTY_COLOR = '#f5f5f5';

/** Index of the band a progress falls in (100 belongs to the last one). */
export function heatBand(progress: number): number {
  const index = HEAT_BANDS.findIndex((b) => progress < b.max);
  return index === -1 ? HEAT_BANDS.length - 1 : Math.max(0, index);
}

export function heatColor(progress: number | null): string {
  return progress === null ? HEAT_EMPTY_COLOR : (HEAT_BANDS[heatBand(progress)]?.color ?? HEAT_EMPTY_COLOR);
}
