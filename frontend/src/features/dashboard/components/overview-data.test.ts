import { describe, expect, it } from 'vitest';
import type { DashboardSummary, Resolution, TrendPoint } from '../../../api/models';
import { alertsUrl, evaluationTasksUrl, healthBars, RESTATED_MARK, resolutionBars, restatedPeriods, summaryTiles, tasksUrl, TREND_COLORS, trendChartOption, trendSeries, type TrendLabels } from './overview-data';

const summary: DashboardSummary = {
  agency_id: 'A1',
  resolution_id: null,
  tasks: { total: 30, not_started: 2, in_progress: 28, awaiting_acceptance: 0, completed: 0, paused: 0, cancelled: 0, on_track: 10, at_risk: 10, off_track: 7, overdue: 3, done: 0 },
  weighted_progress: 33.1,
  kpis: { series: 38, on_track: 8, off_track: 2, no_target: 4, no_data: 24 },
  alerts: { info: 11, warning: 67, critical: 4 },
  completeness_pct: 36.8,
  timeliness_pct: null,
  evaluation: {
    from: '2026-01-01',
    to: '2026-12-31',
    as_of: '2026-12-02',
    completed_on_time: 0,
    completed_late: 0,
    not_completed_within_deadline: 27,
    not_completed_overdue: 3,
  },
};

describe('drill-down links', () => {
  it('builds the tasks address the tasks page reads', () => {
    expect(tasksUrl({ agencyId: 'A1' }, { health: 'overdue' })).toBe('/tasks?lead_agency_subtree=A1&health=overdue');
    expect(tasksUrl({ agencyId: 'A1', resolutionId: 'R1' }, { status: 'completed' })).toBe('/tasks?lead_agency_subtree=A1&resolution_id=R1&status=completed');
    expect(tasksUrl({})).toBe('/tasks');
  });
  it('opens the tasks behind an evaluation count: the class, the period evaluated, the agency\'s subtree (and resolution)', () => {
    const period = { from: '2026-01-01', to: '2026-12-31' };
    expect(evaluationTasksUrl({ agencyId: 'A1' }, 'not_completed_overdue', period)).toBe(
      '/tasks?lead_agency_subtree=A1&evaluation=not_completed_overdue&evaluation_from=2026-01-01&evaluation_to=2026-12-31',
    );
    expect(evaluationTasksUrl({ agencyId: 'A2', resolutionId: 'R1' }, 'completed_on_time', { from: '2026-07-01', to: '2026-09-30' })).toBe(
      '/tasks?lead_agency_subtree=A2&resolution_id=R1&evaluation=completed_on_time&evaluation_from=2026-07-01&evaluation_to=2026-09-30',
    );
  });
  it('builds the alerts address', () => {
    expect(alertsUrl({ agencyId: 'A1' }, 'critical')).toBe('/alerts?agency_id=A1&severity=critical');
    expect(alertsUrl({})).toBe('/alerts');
  });
});

describe('summary → tiles', () => {
  const tiles = summaryTiles(summary, { agencyId: 'A1' });
  const tile = (key: string) => tiles.find((t) => t.key === key);

  it('shows every figure in order, with totals and drill-down links', () => {
    expect(tiles.map((t) => t.key)).toEqual(['tasks', 'completed', 'overdue', 'progress', 'kpiOnTrack', 'kpiOffTrack', 'alerts', 'completeness', 'timeliness']);
    expect(tile('overdue')).toMatchObject({ value: 3, tone: 'bad', href: '/tasks?lead_agency_subtree=A1&health=overdue' });
    expect(tile('completed')).toMatchObject({ value: 0, of: 30, href: '/tasks?lead_agency_subtree=A1&status=completed' });
    expect(tile('kpiOnTrack')).toMatchObject({ value: 8, of: 38 });
    expect(tile('progress')).toMatchObject({ value: 33.1, percent: true });
  });

  it('adds up open alerts by severity and flags critical ones', () => {
    expect(tile('alerts')).toMatchObject({ value: 82, tone: 'bad', href: '/alerts?agency_id=A1' });
    const calm = summaryTiles({ ...summary, alerts: { info: 1, warning: 0, critical: 0 } }, {});
    expect(calm.find((t) => t.key === 'alerts')?.tone).toBe('warn');
  });

  it('keeps a missing percentage empty instead of 0, and grades the others', () => {
    expect(tile('timeliness')).toMatchObject({ value: null, tone: 'neutral' });
    expect(tile('timeliness')?.href).toBeUndefined();
    expect(tile('completeness')).toMatchObject({ value: 36.8, tone: 'bad' });
  });
});

describe('charts', () => {
  it('gives the health breakdown in a fixed order, nothing for an empty scope', () => {
    expect(healthBars(summary).map((b) => [b.health, b.count])).toEqual([
      ['on_track', 10],
      ['at_risk', 10],
      ['off_track', 7],
      ['overdue', 3],
      ['done', 0],
    ]);
    expect(healthBars({ ...summary, tasks: { ...summary.tasks, total: 0 } })).toEqual([]);
  });

  it('leaves drafts out of progress by resolution and keeps only the chosen one', () => {
    const r = (id: string, code: string, status: Resolution['status'], progress: number) => ({ id, code, status, progress, title: code }) as Resolution;
    const list = [r('2', '71-NQ/TW', 'active', 12.345), r('1', '57-NQ/TW', 'active', 40), r('3', '99-NQ/TW', 'draft', 0)];
    expect(resolutionBars(list).map((b) => [b.code, b.progress])).toEqual([
      ['57-NQ/TW', 40],
      ['71-NQ/TW', 12.3],
    ]);
    expect(resolutionBars(list, '2').map((b) => b.id)).toEqual(['2']);
  });

  it('keeps quarters without figures as gaps and notices an all-empty trend', () => {
    const s = trendSeries([
      { period: '2026-Q2', reported_progress: null, kpi_achievement_pct: 93.8, restated: false },
      { period: '2026-Q3', reported_progress: 22.9, restated: false },
    ]);
    expect(s).toEqual({ periods: ['2026-Q2', '2026-Q3'], progress: [null, 22.9], kpi: [93.8, null], restated: [false, false], empty: false });
    expect(trendSeries([{ period: '2026-Q1', restated: false }]).empty).toBe(true);
  });
});

/** Phường Hà Giang 2 on today's map: Phường Nguyễn Trãi's figures from before the split (2025-07-01) count in 2025-Q1 and 2025-Q2. */
const TODAY: TrendPoint[] = [
  { period: '2025-Q1', reported_progress: null, kpi_achievement_pct: 80, restated: true },
  { period: '2025-Q2', reported_progress: null, kpi_achievement_pct: 85.5, restated: true },
  { period: '2025-Q3', reported_progress: 10, kpi_achievement_pct: 90, restated: false },
  { period: '2025-Q4', reported_progress: 20, kpi_achievement_pct: null, restated: false },
];

const LABELS: TrendLabels = {
  progress: 'Tiến độ báo cáo',
  kpi: 'Mức đạt chỉ tiêu',
  period: (p) => `Quý ${p.slice(6)}/${p.slice(0, 4)}`,
  percent: (v) => (v === null ? '—' : `${v}%`),
  restated: 'Số liệu quy đổi từ đơn vị cũ',
};

describe('the trend on today\'s map', () => {
  it('carries the restated mark of each quarter as the server sends it', () => {
    const s = trendSeries(TODAY);
    expect(s.restated).toEqual([true, true, false, false]);
    expect(restatedPeriods(s)).toEqual(['2025-Q1', '2025-Q2']);
    expect(restatedPeriods(trendSeries(TODAY.map((p) => ({ ...p, restated: false }))))).toEqual([]);
  });

  it('a restated quarter without any figure is still marked, but a trend without figures stays empty', () => {
    const s = trendSeries([
      { period: '2025-Q1', kpi_achievement_pct: null, restated: true },
      { period: '2025-Q2', kpi_achievement_pct: null, restated: false },
    ]);
    expect(s.empty).toBe(true);
    expect(restatedPeriods(s)).toEqual(['2025-Q1']);
  });

  it('marks exactly the restated quarters on the axis, in the restated colour', () => {
    const option = trendChartOption(trendSeries(TODAY), LABELS);
    expect(option.xAxis.data).toEqual(['Quý 1/2025', 'Quý 2/2025', 'Quý 3/2025', 'Quý 4/2025']);
    const shown = option.xAxis.data.map((label, i) => option.xAxis.axisLabel.formatter(label, i));
    expect(shown).toEqual([`{restated|Quý 1/2025 ${RESTATED_MARK}}`, `{restated|Quý 2/2025 ${RESTATED_MARK}}`, 'Quý 3/2025', 'Quý 4/2025']);
    expect(option.xAxis.axisLabel.rich.restated.color).toBeTruthy();
    expect(option.series.map((s) => s.data)).toEqual([
      [null, null, 10, 20],
      [80, 85.5, 90, null],
    ]);
  });

  it('says so in the tooltip of a restated quarter only', () => {
    const option = trendChartOption(trendSeries(TODAY), LABELS);
    const tip = (dataIndex: number) =>
      option.tooltip.formatter([
        { dataIndex, seriesName: LABELS.progress, marker: '', value: TODAY[dataIndex]?.reported_progress ?? null },
        { dataIndex, seriesName: LABELS.kpi, marker: '', value: TODAY[dataIndex]?.kpi_achievement_pct ?? null },
      ]);
    expect(tip(1)).toBe('<b>Quý 2/2025</b><br/>Tiến độ báo cáo: <b>—</b><br/>Mức đạt chỉ tiêu: <b>85.5%</b><br/><i>* Số liệu quy đổi từ đơn vị cũ</i>');
    expect(tip(2)).not.toContain('Số liệu quy đổi');
  });

  it('names every quarter, wrapping a name when the axis is short of room', () => {
    const wide = trendChartOption(trendSeries(TODAY), LABELS);
    expect(wide.xAxis.axisLabel).toMatchObject({ interval: 0 });
    expect(wide.xAxis.axisLabel).not.toHaveProperty('width');
    expect(trendChartOption(trendSeries(TODAY), LABELS, 60).xAxis.axisLabel).toMatchObject({ interval: 0, width: 60, overflow: 'break' });
    // On a phone there is no room to break a name into lines: every name is kept, slanted.
    const narrow = trendChartOption(trendSeries(TODAY), LABELS, 30).xAxis.axisLabel;
    expect(narrow).toMatchObject({ interval: 0, rotate: 45 });
    expect(narrow).not.toHaveProperty('width');
  });

  it('as recorded, nothing is marked', () => {
    const option = trendChartOption(trendSeries(TODAY.map((p) => ({ ...p, restated: false }))), LABELS);
    expect(option.xAxis.data.map((label, i) => option.xAxis.axisLabel.formatter(label, i))).toEqual(option.xAxis.data);
  });
});

describe('the trend\'s two axes', () => {
  it('puts reported progress and KPI achievement on separate, named value axes in their lines\' colours', () => {
    const option = trendChartOption(trendSeries(TODAY), LABELS);
    expect(option.yAxis.map((a) => [a.name, a.position, a.nameTextStyle.color])).toEqual([
      ['Tiến độ báo cáo', 'left', TREND_COLORS.progress],
      ['Mức đạt chỉ tiêu', 'right', TREND_COLORS.kpi],
    ]);
    expect(option.yAxis[0]).toMatchObject({ min: 0, max: 100 });
    // KPI achievement may pass 100 %: its axis is not capped.
    expect(option.yAxis[1]).not.toHaveProperty('max');
    expect(option.series.map((s) => [s.name, s.yAxisIndex])).toEqual([
      ['Tiến độ báo cáo', 0],
      ['Mức đạt chỉ tiêu', 1],
    ]);
  });
});

describe('progress by resolution against the schedule', () => {
  const r = (patch: Partial<Resolution>) => ({ id: '1', code: '57-NQ/TW', title: 'Khoa học', status: 'active', progress: 15, ...patch }) as Resolution;

  it('carries the expected progress and the health the server sends, rounded to one decimal', () => {
    expect(resolutionBars([r({ expected_progress: 56.66, health: 'off_track' })])[0]).toMatchObject({ progress: 15, expected: 56.7, health: 'off_track' });
    expect(resolutionBars([r({})])[0]).toMatchObject({ expected: null, health: null });
  });
});
