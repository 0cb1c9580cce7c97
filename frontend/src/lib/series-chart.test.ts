import { describe, expect, it } from 'vitest';
import type { SeriesPoint } from '../api/models';
import { buildChartOption, latestApproved, toChartData } from './series-chart';

const point = (period: string, patch: Partial<SeriesPoint> = {}): SeriesPoint => ({
  period,
  value: 50,
  target: 60,
  achievement_pct: 83.3,
  completeness_pct: 100,
  reported: 2,
  expected: 2,
  components: [],
  restated: false,
  ...patch,
});

const labels = {
  value: 'Giá trị',
  target: 'Mục tiêu',
  achievement: 'Mức đạt',
  completeness: 'Mức đầy đủ',
  period: (p: string) => `[${p}]`,
  format: (v: number | null) => (v === null ? '—' : `${v}%`),
  percent: (v: number | null) => (v === null ? '—' : `${v}%`),
  restated: 'Số liệu quy đổi từ đơn vị cũ',
};

describe('series chart data', () => {
  it('orders periods chronologically and keeps gaps as null', () => {
    const data = toChartData([
      point('2026-Q2', { value: 71 }),
      point('2025-Q4', { value: 55, target: null, achievement_pct: null }),
      point('2026-Q1', { value: null, completeness_pct: 0, reported: 0 }),
    ]);
    expect(data.periods).toEqual(['2025-Q4', '2026-Q1', '2026-Q2']);
    expect(data.values).toEqual([55, null, 71]);
    expect(data.targets).toEqual([null, 60, 60]);
    expect(data.achievement).toEqual([null, 83.3, 83.3]);
    expect(data.completeness).toEqual([100, 0, 100]);
    expect(data.hasTargets).toBe(true);
    expect(toChartData([point('2025-12'), point('2025-02'), point('2026-01')]).periods).toEqual(['2025-02', '2025-12', '2026-01']);
  });

  it('lines up composite components per period, missing ones as null', () => {
    const data = toChartData([
      point('2026-Q3', { components: [{ code: 'DT_DOCS', value: null }, { code: 'DT_SERVICES', value: 52 }] }),
      point('2026-Q2', { components: [{ code: 'DT_DOCS', value: 76 }, { code: 'DT_SERVICES', value: 46 }] }),
    ]);
    expect(data.components).toEqual([
      { code: 'DT_DOCS', values: [76, null] },
      { code: 'DT_SERVICES', values: [46, 52] },
    ]);
  });

  it('draws values as bars, the target as a line (when any) and one line per component', () => {
    const composite = buildChartOption(
      toChartData([point('2026-Q2', { target: null, components: [{ code: 'A', value: 1 }, { code: 'B', value: 2 }] })]),
      labels,
    );
    expect(composite.series.map((s) => [s.type, s.name])).toEqual([
      ['bar', 'Giá trị'],
      ['line', 'A'],
      ['line', 'B'],
    ]);
    const simple = buildChartOption(toChartData([point('2026-Q1'), point('2026-Q2', { value: 70 })]), labels);
    expect(simple.series.map((s) => s.name)).toEqual(['Giá trị', 'Mục tiêu']);
    expect(simple.xAxis.data).toEqual(['[2026-Q1]', '[2026-Q2]']);
    expect(simple.series[0]?.data).toEqual([50, 70]);
  });

  it('explains a period in the tooltip with achievement and completeness, escaping names', () => {
    const option = buildChartOption(toChartData([point('2026-Q1', { achievement_pct: 104.3, completeness_pct: 50 })]), labels);
    const html = option.tooltip.formatter([{ dataIndex: 0, seriesName: '<b>x</b>', marker: '', value: 50 }]);
    expect(html).toContain('[2026-Q1]');
    expect(html).toContain('&#60;b&#62;x&#60;/b&#62;: <b>50%</b>');
    expect(html).toContain('Mức đạt: 104.3%');
    expect(html).toContain('Mức đầy đủ: 50%');
  });

  it('finds the latest period with an approved value, skipping later empty ones', () => {
    const data = toChartData([
      point('2026-Q1', { value: 40, target: 50, achievement_pct: 80 }),
      point('2026-Q2', { value: 55, target: 60, achievement_pct: 91.7 }),
      point('2026-Q3', { value: null, achievement_pct: null }),
    ]);
    expect(latestApproved(data)).toEqual({ period: '2026-Q2', value: 55, target: 60, achievement: 91.7 });
    expect(latestApproved(toChartData([point('2026-Q1', { value: null })]))).toBeNull();
    expect(latestApproved(toChartData([]))).toBeNull();
  });

  it('marks restated points: hatched bars and a note in the tooltip, the others as reported', () => {
    const data = toChartData([point('2025-Q3', { value: 30, restated: true }), point('2025-Q2', { value: 20, restated: true }), point('2025-Q4', { value: 40 })]);
    expect(data.restated).toEqual([true, true, false]);
    const option = buildChartOption(data, labels);
    const bars = option.series[0]?.data as unknown[];
    expect(bars[2]).toBe(40);
    expect(bars[0]).toMatchObject({ value: 20, itemStyle: { opacity: 0.55 } });
    const tooltip = option.tooltip.formatter;
    expect(tooltip([{ dataIndex: 0, seriesName: 'Giá trị', value: 20 }])).toContain('<i>Số liệu quy đổi từ đơn vị cũ</i>');
    expect(tooltip([{ dataIndex: 2, seriesName: 'Giá trị', value: 40 }])).not.toContain('quy đổi');
  });
});
