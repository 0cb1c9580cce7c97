import type { Health } from '../../../api/models';
import { HEALTH_COLORS, type ResolutionBar } from './overview-data';

/** A resolution without a task has no health: its bar stays grey. */
export const NO_HEALTH_COLOR = '#bfbfbf';
/** The expected-progress mark: dark on white and on every bar colour. */
export const EXPECTED_MARK_COLOR = '#262626';
/** Health in words, in a darker shade of its colour (contrast ≥ 4.5:1 on white). */
export const HEALTH_TEXT_COLORS: Record<Health, string> = {
  on_track: '#237804',
  at_risk: '#874d00',
  off_track: '#ad4e00',
  overdue: '#a8071a',
  done: '#0958d9',
};

export interface ResolutionBarLabels {
  /** The bars' series ("Tiến độ"). */
  progress: string;
  /** The marks' series ("Tiến độ kỳ vọng"). */
  expected: string;
  percent: (value: number) => string;
  /** Both figures in a sentence ("Đạt 15% — kỳ vọng 56,7%"); `expected` null when the server has none. */
  figures: (progress: string, expected: string | null) => string;
  /** A health in words; null: "no task". */
  health: (health: Health | null) => string;
}

export const resolutionBarColor = (health: Health | null): string => (health ? HEALTH_COLORS[health] : NO_HEALTH_COLOR);

/** What a bar says in words: reached and expected. */
export const resolutionBarFigures = (bar: ResolutionBar, labels: ResolutionBarLabels): string =>
  labels.figures(labels.percent(bar.progress), bar.expected === null ? null : labels.percent(bar.expected));

/** The chart for a screen reader: every resolution with both figures and its health. */
export function resolutionChartDescription(title: string, bars: readonly ResolutionBar[], labels: ResolutionBarLabels): string {
  return `${title}: ${bars.map((bar) => `${bar.code}: ${resolutionBarFigures(bar, labels)} (${labels.health(bar.health)})`).join('; ')}`;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** ECharts' rich text reserves these; figures and health words never carry them, but be safe. */
const plain = (s: string) => s.replace(/[{}|]/g, '');

/**
 * Progress by resolution: one bar per resolution coloured by the health the server sends, a dark
 * mark at the progress the schedule expects today, and on the right of each bar both figures and
 * the health in words (colour is never the only sign). A plain object, testable without a canvas.
 */
export function resolutionChartOption(bars: readonly ResolutionBar[], labels: ResolutionBarLabels) {
  const codes = bars.map((b) => b.code);
  return {
    grid: { left: 8, right: 8, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis' as const,
      axisPointer: { type: 'shadow' as const },
      formatter: (raw: unknown) => {
        const items = (Array.isArray(raw) ? raw : [raw]) as { dataIndex?: number }[];
        const bar = bars[items[0]?.dataIndex ?? 0];
        if (!bar) return '';
        return [
          `<b>${escapeHtml(bar.code)}</b> — ${escapeHtml(bar.title)}`,
          escapeHtml(resolutionBarFigures(bar, labels)),
          `<span style="color:${bar.health ? HEALTH_TEXT_COLORS[bar.health] : '#595959'}">${escapeHtml(labels.health(bar.health))}</span>`,
        ].join('<br/>');
      },
    },
    xAxis: { type: 'value' as const, min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: [
      { type: 'category' as const, data: codes, inverse: true },
      {
        // The same categories on the right, named with both figures and the health.
        type: 'category' as const,
        data: codes,
        inverse: true,
        position: 'right' as const,
        axisLine: { show: false },
        axisTick: { show: false },
        axisLabel: {
          formatter: (_code: string, index: number) => {
            const bar = bars[index];
            if (!bar) return '';
            const health = bar.health ?? 'none';
            return `{figures|${plain(resolutionBarFigures(bar, labels))}}\n{${health}|${plain(labels.health(bar.health))}}`;
          },
          rich: {
            figures: { color: '#1f1f1f', fontSize: 12, lineHeight: 16 },
            none: { color: '#595959', fontSize: 11, lineHeight: 14 },
            ...Object.fromEntries(Object.entries(HEALTH_TEXT_COLORS).map(([h, color]) => [h, { color, fontSize: 11, lineHeight: 14, fontWeight: 'bold' as const }])),
          },
        },
      },
    ],
    series: [
      {
        type: 'bar' as const,
        name: labels.progress,
        data: bars.map((b) => ({ value: b.progress, itemStyle: { color: resolutionBarColor(b.health) } })),
        barMaxWidth: 22,
        cursor: 'pointer',
      },
      {
        type: 'scatter' as const,
        name: labels.expected,
        // [expected, category]; '-' is ECharts' "no value" (a resolution without a task).
        data: bars.map((b, i) => [b.expected ?? '-', i] as [number | '-', number]),
        symbol: 'rect',
        symbolSize: [3, 28] as [number, number],
        itemStyle: { color: EXPECTED_MARK_COLOR },
        z: 3,
        cursor: 'pointer',
      },
    ],
  };
}

/** The chart's height: room for each bar's two lines of words, never below the card's usual size. */
export const resolutionChartHeight = (count: number): number => Math.max(260, 24 + count * 40);
