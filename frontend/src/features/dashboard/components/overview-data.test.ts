import { describe, expect, it } from 'vitest';
import type { DashboardSummary, Resolution } from '../../../api/models';
import { alertsUrl, healthBars, resolutionBars, summaryTiles, tasksUrl, trendSeries } from './overview-data';

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
      { period: '2026-Q2', reported_progress: null, kpi_achievement_pct: 93.8 },
      { period: '2026-Q3', reported_progress: 22.9 },
    ]);
    expect(s).toEqual({ periods: ['2026-Q2', '2026-Q3'], progress: [null, 22.9], kpi: [93.8, null], empty: false });
    expect(trendSeries([{ period: '2026-Q1' }]).empty).toBe(true);
  });
});
