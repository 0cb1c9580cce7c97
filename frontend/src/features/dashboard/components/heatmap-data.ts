import type { Health, ScorecardRow } from '../../../api/models';
import { HEALTH_ORDER, tasksUrl, type ResolutionBar } from './overview-data';

/** One agency × resolution cell: the agency's (subtree's) tasks of that resolution. */
export interface HeatCell {
  resolutionId: string;
  tasks: number;
  completed: number;
  overdue: number;
  /** Weighted progress 0–100 (shown as text); null when the agency has no task in the resolution. */
  progress: number | null;
  /** The colour: the health the server decided for the agency in that resolution; null without a task. */
  health: Health | null;
  /** Open tasks behind schedule (off track or overdue), the reason a red cell is red. */
  behind: number;
  /**
   * The tasks behind the cell; undefined when there are none. A red cell (off track, overdue) opens
   * only the tasks of its own class, the ones that make it red, where their obstacles are shown.
   */
  href?: string;
  /** Set when `href` lists only the tasks of that class. */
  drill?: 'off_track' | 'overdue';
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
      const health = row && tasks > 0 ? (row.health ?? null) : null;
      const drill = health === 'overdue' || health === 'off_track' ? health : undefined;
      const scope = { agencyId, resolutionId: column.id };
      return {
        resolutionId: column.id,
        tasks,
        completed: row?.completed ?? 0,
        overdue: row?.overdue ?? 0,
        progress: row && tasks > 0 ? Math.round(row.weighted_progress * 10) / 10 : null,
        health,
        behind: (row?.off_track ?? 0) + (row?.overdue ?? 0),
        href: tasks > 0 ? tasksUrl(scope, drill ? { health: drill } : {}) : undefined,
        ...(drill ? { drill } : {}),
      };
    });
    if (cells.every((c) => c.tasks === 0)) hidden += 1;
    else rows.push({ agencyId, code: agency.code, name: agency.name, cells });
  }
  rows.sort((a, b) => a.code.localeCompare(b.code));
  return { columns: [...columns], rows, hidden };
}

/**
 * The cell colours by health, light enough for dark text (contrast ≥ 4.5:1, tested): the same hues as
 * the task health tags, green to red; the percentage and the health in words are written on the cell.
 */
export const HEAT_COLORS: Record<Health, string> = {
  on_track: '#d9f7be',
  at_risk: '#ffe58f',
  off_track: '#ffbb96',
  overdue: '#ff7875',
  done: '#bae0ff',
};

export const HEAT_EMPTY_COLOR = '#f5f5f5';
/** The text on a cell. */
export const HEAT_TEXT_COLOR = '#1f1f1f';

/** The legend's classes, in the app's usual order of health. */
export const HEAT_LEGEND: readonly Health[] = HEALTH_ORDER;

export function heatColor(health: Health | null): string {
  return health ? HEAT_COLORS[health] : HEAT_EMPTY_COLOR;
}

/** WCAG contrast ratio of two `#rrggbb` colours. */
export function contrastRatio(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (bl ?? 0);
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}
