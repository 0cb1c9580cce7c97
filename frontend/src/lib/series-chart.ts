import type { SeriesPoint } from '../api/models';

export interface ChartData {
  /** Period codes, oldest first. */
  periods: string[];
  /** The rolled-up approved value per period (null: nothing approved). */
  values: (number | null)[];
  targets: (number | null)[];
  achievement: (number | null)[];
  completeness: (number | null)[];
  /** For composites: each component's value per period, in the order the components first appear. */
  components: { code: string; values: (number | null)[] }[];
  /** Whether any target exists (the target line is left out otherwise). */
  hasTargets: boolean;
  /** Per period: on today's map, the value includes a split predecessor's figures from before the split. */
  restated: boolean[];
}

/** Sort key of a period code: `2025` < `2025-H1` < `2025-Q1` < `2025-01`… compare by start, then by length. */
const periodSortKey = (period: string): string => {
  const m = /^(\d{4})(?:-(H[12]|Q[1-4]|\d{2}))?$/.exec(period);
  if (!m) return period;
  const part = m[2];
  const month = !part ? 1 : part.startsWith('H') ? (Number(part[1]) - 1) * 6 + 1 : part.startsWith('Q') ? (Number(part[1]) - 1) * 3 + 1 : Number(part);
  return `${m[1]}-${String(month).padStart(2, '0')}-${period}`;
};

const orNull = (v: number | null | undefined): number | null => (v === undefined || v === null || !Number.isFinite(v) ? null : v);

/** Maps the series points onto aligned arrays for the chart and the table below it. */
export function toChartData(points: readonly SeriesPoint[]): ChartData {
  const sorted = [...points].sort((a, b) => periodSortKey(a.period).localeCompare(periodSortKey(b.period)));
  const codes: string[] = [];
  for (const p of sorted) for (const c of p.components) if (!codes.includes(c.code)) codes.push(c.code);
  const targets = sorted.map((p) => orNull(p.target));
  return {
    periods: sorted.map((p) => p.period),
    values: sorted.map((p) => orNull(p.value)),
    targets,
    achievement: sorted.map((p) => orNull(p.achievement_pct)),
    completeness: sorted.map((p) => orNull(p.completeness_pct)),
    components: codes.map((code) => ({ code, values: sorted.map((p) => orNull(p.components.find((c) => c.code === code)?.value)) })),
    hasTargets: targets.some((v) => v !== null),
    restated: sorted.map((p) => p.restated),
  };
}

export interface ChartLabels {
  value: string;
  target: string;
  achievement: string;
  completeness: string;
  /** A period code as people read it ("Quý 3/2026"). */
  period: (period: string) => string;
  /** A figure with its unit. */
  format: (value: number | null) => string;
  /** A percentage (achievement, completeness). */
  percent: (value: number | null) => string;
  /** The note on a restated point ("Số liệu quy đổi từ đơn vị cũ"). */
  restated: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const RESTATED_STYLE = { opacity: 0.55, decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [3, 5], rotation: Math.PI / 4, color: 'rgba(255,255,255,0.7)' } };

const PALETTE = { value: '#a31d1d', target: '#1677ff', components: ['#13a8a8', '#d48806', '#722ed1', '#389e0d', '#c41d7f'] };

/**
 * The ECharts option: approved values as bars, the target as a dashed line, composite components as
 * thin lines; the tooltip adds achievement and completeness per period. Returns a plain object so it
 * is testable without a canvas.
 */
export function buildChartOption(data: ChartData, labels: ChartLabels) {
  const componentSeries = data.components.map((c, i) => ({
    type: 'line' as const,
    name: c.code,
    data: c.values,
    connectNulls: false,
    symbolSize: 6,
    lineStyle: { width: 1.5 },
    color: PALETTE.components[i % PALETTE.components.length],
  }));
  return {
    animation: false,
    grid: { left: 56, right: 24, top: 40, bottom: 40, containLabel: false },
    legend: { top: 0, type: 'scroll' as const },
    tooltip: {
      trigger: 'axis' as const,
      formatter: (raw: unknown) => {
        const items = (Array.isArray(raw) ? raw : [raw]) as { dataIndex?: number; seriesName?: string; marker?: string; value?: unknown }[];
        const index = items[0]?.dataIndex ?? 0;
        const lines = items.map((item) => {
          const v = typeof item.value === 'number' ? item.value : null;
          return `${item.marker ?? ''}${escapeHtml(item.seriesName ?? '')}: <b>${escapeHtml(labels.format(v))}</b>`;
        });
        return [
          `<b>${escapeHtml(labels.period(data.periods[index] ?? ''))}</b>`,
          ...lines,
          `${escapeHtml(labels.achievement)}: ${escapeHtml(labels.percent(data.achievement[index] ?? null))}`,
          `${escapeHtml(labels.completeness)}: ${escapeHtml(labels.percent(data.completeness[index] ?? null))}`,
          ...(data.restated[index] ? [`<i>${escapeHtml(labels.restated)}</i>`] : []),
        ].join('<br/>');
      },
    },
    xAxis: { type: 'category' as const, data: data.periods.map(labels.period), axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value' as const, axisLabel: { formatter: (v: number) => labels.format(v) } },
    series: [
      {
        type: 'bar' as const,
        name: labels.value,
        // A restated value is drawn hatched and lighter, so it reads apart from figures reported as such.
        data: data.values.map((value, i) => (data.restated[i] ? { value, itemStyle: RESTATED_STYLE } : value)),
        barMaxWidth: 36,
        color: PALETTE.value,
      },
      ...(data.hasTargets
        ? [{ type: 'line' as const, name: labels.target, data: data.targets, lineStyle: { type: 'dashed' as const, width: 2 }, symbol: 'diamond', symbolSize: 8, color: PALETTE.target }]
        : []),
      ...componentSeries,
    ],
  };
}

/** The latest period with an approved value (its index in the arrays), or null when nothing is approved yet. */
export function latestApproved(data: ChartData): { period: string; value: number; target: number | null; achievement: number | null } | null {
  for (let i = data.periods.length - 1; i >= 0; i -= 1) {
    const value = data.values[i];
    if (value !== null && value !== undefined) {
      return { period: data.periods[i] ?? '', value, target: data.targets[i] ?? null, achievement: data.achievement[i] ?? null };
    }
  }
  return null;
}
