import type { DashboardSummary, Health, Resolution, TaskEvaluation, TrendPoint } from '../../../api/models';

/** What a click on a figure opens: the tasks (or alerts, indicators) behind it. */
export interface Scope {
  agencyId?: string;
  resolutionId?: string;
}

export type TaskDrill = {
  health?: Health;
  status?: 'completed' | 'in_progress' | 'not_started' | 'paused' | 'cancelled';
  overdue?: boolean;
  /** An evaluation count: its class today and the period whose deadlines it counts (`YYYY-MM-DD`). */
  evaluation?: { class: TaskEvaluation; from: string; to: string };
};

/** `/tasks?...` with the scope's agency subtree and resolution, read back by the tasks page. */
export function tasksUrl(scope: Scope, drill: TaskDrill = {}): string {
  const params = new URLSearchParams();
  if (scope.agencyId) params.set('lead_agency_subtree', scope.agencyId);
  if (scope.resolutionId) params.set('resolution_id', scope.resolutionId);
  if (drill.status) params.set('status', drill.status);
  if (drill.health) params.set('health', drill.health);
  if (drill.overdue) params.set('overdue', 'true');
  if (drill.evaluation) {
    params.set('evaluation', drill.evaluation.class);
    params.set('evaluation_from', drill.evaluation.from);
    params.set('evaluation_to', drill.evaluation.to);
  }
  const query = params.toString();
  return query ? `/tasks?${query}` : '/tasks';
}

/**
 * The tasks behind one count of the evaluation (the overview's card or a ranking row): the scope's
 * agency subtree (and resolution), the class, and the evaluated period — the very list the server
 * counted (`GET /tasks?lead_agency_subtree=&evaluation=&evaluation_from=&evaluation_to=`).
 */
export function evaluationTasksUrl(scope: Scope, evaluation: TaskEvaluation, period: { from: string; to: string }): string {
  return tasksUrl(scope, { evaluation: { class: evaluation, from: period.from, to: period.to } });
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
  /** What the schedule expects today (0–100), as the server computes it; null without a task. */
  expected: number | null;
  /** The server's verdict on the gap between the two; null without a task. */
  health: Health | null;
}

const oneDecimal = (v: number) => Math.round(v * 10) / 10;

/** Progress by resolution: drafts left out (nothing to implement yet), the selected one alone when a resolution is chosen. */
export function resolutionBars(resolutions: readonly Resolution[], resolutionId?: string): ResolutionBar[] {
  return resolutions
    .filter((r) => r.status !== 'draft' && (!resolutionId || r.id === resolutionId))
    .map((r) => ({
      id: r.id,
      code: r.code,
      title: r.title,
      progress: oneDecimal(r.progress),
      expected: r.expected_progress === null || r.expected_progress === undefined ? null : oneDecimal(r.expected_progress),
      health: r.health ?? null,
    }))
    .sort((a, b) => a.code.localeCompare(b.code));
}

export interface TrendSeries {
  /** Quarter codes, oldest first (as the server sends them). */
  periods: string[];
  progress: (number | null)[];
  kpi: (number | null)[];
  /** Per quarter, as the server marks it: on today's map, a split predecessor's figures from before the split count in it. */
  restated: boolean[];
  /** No figure at all: nothing to draw (and nothing restated to show). */
  empty: boolean;
}

/** The trend as two aligned series; `null` where a quarter has no figure (a gap in the line). */
export function trendSeries(points: readonly TrendPoint[]): TrendSeries {
  const progress = points.map((p) => p.reported_progress ?? null);
  const kpi = points.map((p) => p.kpi_achievement_pct ?? null);
  return {
    periods: points.map((p) => p.period),
    progress,
    kpi,
    restated: points.map((p) => p.restated),
    empty: [...progress, ...kpi].every((v) => v === null),
  };
}

/** The quarters the server marks restated, in order. */
export const restatedPeriods = (data: TrendSeries): string[] => data.periods.filter((_, i) => data.restated[i]);

/** After a restated quarter's name on the axis, and at the start of the note under the chart. */
export const RESTATED_MARK = '*';

export interface TrendLabels {
  progress: string;
  kpi: string;
  /** A quarter code as people read it ("Quý 1/2025"). */
  period: (period: string) => string;
  /** A percentage, or the "none" sign for null. */
  percent: (value: number | null) => string;
  /** The tooltip's line on a restated quarter ("Số liệu quy đổi từ đơn vị cũ"). */
  restated: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** The least room (px) in which a quarter's name ("Quý 1/2025") still breaks into lines that fit. */
export const NARROW_LABEL = 48;
const RESTATED_COLOR = '#722ed1';
/** The two lines' colours, also their axes' names (contrast ≥ 4.5:1 on white). */
export const TREND_COLORS = { progress: '#a31d1d', kpi: '#0958d9' } as const;

/** A value axis named after its line, in the line's colour. */
const trendAxis = (name: string, color: string, align: 'left' | 'right') => ({
  type: 'value' as const,
  name,
  nameGap: 14,
  // Aligned away from the middle, so a long name stays inside the chart.
  nameTextStyle: { color, fontWeight: 'bold' as const, align },
  axisLine: { show: true, lineStyle: { color } },
  axisLabel: { formatter: '{value}%', color },
});

/**
 * The trend chart's ECharts option: progress and KPI achievement as lines, each on its own labelled
 * value axis (progress of tasks on the left, 0–100; achievement of targets on the right, which may
 * pass 100), so that neither is read on the other's scale; a restated quarter's name
 * on the axis carries the mark (in the restated colour) and its tooltip says so. A plain object, so it
 * is testable without a canvas. `labelWidth`: the room of one quarter's name on the axis, in pixels.
 */
export function trendChartOption(data: TrendSeries, labels: TrendLabels, labelWidth?: number) {
  return {
    grid: { left: 8, right: 8, top: 64, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis' as const,
      formatter: (raw: unknown) => {
        const items = (Array.isArray(raw) ? raw : [raw]) as { dataIndex?: number; seriesName?: string; marker?: string; value?: unknown }[];
        const index = items[0]?.dataIndex ?? 0;
        return [
          `<b>${escapeHtml(labels.period(data.periods[index] ?? ''))}</b>`,
          ...items.map((item) => `${item.marker ?? ''}${escapeHtml(item.seriesName ?? '')}: <b>${escapeHtml(labels.percent(typeof item.value === 'number' ? item.value : null))}</b>`),
          ...(data.restated[index] ? [`<i>${RESTATED_MARK} ${escapeHtml(labels.restated)}</i>`] : []),
        ].join('<br/>');
      },
    },
    legend: { top: 0 },
    xAxis: {
      type: 'category' as const,
      data: data.periods.map(labels.period),
      axisLabel: {
        // Every quarter named (eight of them), so no restated mark is left out to save room; where
        // the room is short, a name wraps onto a second line instead.
        interval: 0,
        // Under NARROW_LABEL px (a phone) a name cannot even break into lines that fit ("1/2025" is wider):
        // the names are slanted instead, each whole.
        ...(labelWidth && labelWidth < NARROW_LABEL ? { rotate: 45 } : labelWidth ? { width: labelWidth, overflow: 'break' as const } : {}),
        formatter: (label: string, index: number) => (data.restated[index] ? `{restated|${label} ${RESTATED_MARK}}` : label),
        rich: { restated: { color: RESTATED_COLOR, fontWeight: 'bold' as const } },
      },
    },
    yAxis: [
      { ...trendAxis(labels.progress, TREND_COLORS.progress, 'left'), position: 'left' as const, min: 0, max: 100 },
      { ...trendAxis(labels.kpi, TREND_COLORS.kpi, 'right'), position: 'right' as const, min: 0, splitLine: { show: false } },
    ],
    series: [
      { type: 'line' as const, name: labels.progress, yAxisIndex: 0, data: data.progress, connectNulls: true, itemStyle: { color: TREND_COLORS.progress } },
      { type: 'line' as const, name: labels.kpi, yAxisIndex: 1, data: data.kpi, connectNulls: true, itemStyle: { color: TREND_COLORS.kpi }, lineStyle: { type: 'dashed' as const } },
    ],
  };
}
