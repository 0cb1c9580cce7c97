import type { DashboardSummary, Health, Resolution, TrendPoint } from '../../../api/models';

/** What a click on a figure opens: the tasks (or alerts, indicators) behind it. */
export interface Scope {
  agencyId?: string;
  resolutionId?: string;
}

export type TaskDrill = { health?: Health; status?: 'completed' | 'in_progress' | 'not_started' | 'paused' | 'cancelled'; overdue?: boolean };

/** `/tasks?...` with the scope's agency subtree and resolution, read back by the tasks page. */
export function tasksUrl(scope: Scope, drill: TaskDrill = {}): string {
  const params = new URLSearchParams();
  if (scope.agencyId) params.set('lead_agency_subtree', scope.agencyId);
  if (scope.resolutionId) params.set('resolution_id', scope.resolutionId);
  if (drill.status) params.set('status', drill.status);
  if (drill.health) params.set('health', drill.health);
  if (drill.overdue) params.set('overdue', 'true');
  const query = params.toString();
  return query ? `/tasks?${query}` : '/tasks';
}

/** `/alerts?...` for the scope's agency (alerts of its subtree), optionally one severity. */
export function alertsUrl(scope: Scope, severity?: 'critical' | 'warning' | 'info'): string {
  const params = new URLSearchParams();
  if (scope.agencyId) params.set('agency_id', scope.agencyId);
  if (severity) params.set('severity', severity);
  const query = params.toString();
  return query ? `/alerts?${query}` : '/alerts';
}

export type TileKey = 'tasks' | 'completed' | 'overdue' | 'progress' | 'kpiOnTrack' | 'kpiOffTrack' | 'alerts' | 'completeness' | 'timeliness';
export type TileTone = 'neutral' | 'good' | 'warn' | 'bad';

export interface Tile {
  key: TileKey;
  /** A count, or a percentage when `percent` is set; null when there is nothing to measure. */
  value: number | null;
  percent?: boolean;
  /** A second figure shown under the value (e.g. "of 38 series"). */
  of?: number;
  tone: TileTone;
  /** Where a click leads; undefined when the figure has nothing behind it to list. */
  href?: string;
}

const pctTone = (value: number | null | undefined, good: number, warn: number): TileTone =>
  value === null || value === undefined ? 'neutral' : value >= good ? 'good' : value >= warn ? 'warn' : 'bad';

/** The overview's tiles, in display order. */
export function summaryTiles(summary: DashboardSummary, scope: Scope): Tile[] {
  const { tasks, kpis, alerts } = summary;
  const openAlerts = alerts.info + alerts.warning + alerts.critical;
  return [
    { key: 'tasks', value: tasks.total, tone: 'neutral', href: tasksUrl(scope) },
    { key: 'completed', value: tasks.completed, of: tasks.total, tone: 'good', href: tasksUrl(scope, { status: 'completed' }) },
    { key: 'overdue', value: tasks.overdue, tone: tasks.overdue > 0 ? 'bad' : 'good', href: tasksUrl(scope, { health: 'overdue' }) },
    { key: 'progress', value: summary.weighted_progress, percent: true, tone: 'neutral', href: tasksUrl(scope) },
    { key: 'kpiOnTrack', value: kpis.on_track, of: kpis.series, tone: 'good', href: '/indicators' },
    { key: 'kpiOffTrack', value: kpis.off_track, of: kpis.series, tone: kpis.off_track > 0 ? 'bad' : 'good', href: '/indicators' },
    { key: 'alerts', value: openAlerts, tone: alerts.critical > 0 ? 'bad' : openAlerts > 0 ? 'warn' : 'good', href: alertsUrl(scope) },
    { key: 'completeness', value: summary.completeness_pct ?? null, percent: true, tone: pctTone(summary.completeness_pct, 90, 60) },
    { key: 'timeliness', value: summary.timeliness_pct ?? null, percent: true, tone: pctTone(summary.timeliness_pct, 90, 60) },
  ];
}

export const HEALTH_ORDER = ['on_track', 'at_risk', 'off_track', 'overdue', 'done'] as const satisfies readonly Health[];
export const HEALTH_COLORS: Record<Health, string> = {
  on_track: '#52c41a',
  at_risk: '#faad14',
  off_track: '#fa8c16',
  overdue: '#f5222d',
  done: '#1677ff',
};

export interface HealthBar {
  health: Health;
  count: number;
  color: string;
}

/** Tasks by health, for the breakdown chart; empty when the scope has no task. */
export function healthBars(summary: DashboardSummary): HealthBar[] {
  if (summary.tasks.total === 0) return [];
  return HEALTH_ORDER.map((health) => ({ health, count: summary.tasks[health], color: HEALTH_COLORS[health] }));
}

export interface ResolutionBar {
  id: string;
  code: string;
  title: string;
  progress: number;
}

/** Progress by resolution: drafts left out (nothing to implement yet), the selected one alone when a resolution is chosen. */
export function resolutionBars(resolutions: readonly Resolution[], resolutionId?: string): ResolutionBar[] {
  return resolutions
    .filter((r) => r.status !== 'draft' && (!resolutionId || r.id === resolutionId))
    .map((r) => ({ id: r.id, code: r.code, title: r.title, progress: Math.round(r.progress * 10) / 10 }))
    .sort((a, b) => a.code.localeCompare(b.code));
}

/** The trend as two aligned series; `null` where a quarter has no figure (a gap in the line). */
export function trendSeries(points: readonly TrendPoint[]): { periods: string[]; progress: (number | null)[]; kpi: (number | null)[]; empty: boolean } {
  const progress = points.map((p) => p.reported_progress ?? null);
  const kpi = points.map((p) => p.kpi_achievement_pct ?? null);
  return {
    periods: points.map((p) => p.period),
    progress,
    kpi,
    empty: [...progress, ...kpi].every((v) => v === null),
  };
}
