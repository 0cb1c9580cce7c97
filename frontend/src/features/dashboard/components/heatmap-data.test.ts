import { describe, expect, it } from 'vitest';
import type { ScorecardRow } from '../../../api/models';
import { buildHeatMap, HEAT_BANDS, HEAT_EMPTY_COLOR, heatBand, heatColor } from './heatmap-data';
import type { ResolutionBar } from './overview-data';

const column = (id: string): ResolutionBar => ({ id, code: `${id}-NQ/TW`, title: `Nghị quyết ${id}`, progress: 0 });

const row = (agency: string, patch: Partial<ScorecardRow> = {}): ScorecardRow => ({
  agency_id: agency,
  code: agency,
  name: `Đơn vị ${agency}`,
  rank: 1,
  tasks: 4,
  completed: 1,
  overdue: 0,
  on_track: 3,
  at_risk: 0,
  off_track: 0,
  health: 'on_track',
  weighted_progress: 50,
  kpi_on_track_pct: null,
  completeness_pct: null,
  timeliness_pct: null,
  open_alerts: 0,
  evaluation: { completed_on_time: 0, completed_late: 0, not_completed_within_deadline: 4, not_completed_overdue: 0 },
  ...patch,
});

describe('agency × resolution heat map', () => {
  it('puts child agencies in rows by code and one cell per resolution, linking to the filtered tasks', () => {
    const heat = buildHeatMap(
      [column('57'), column('66')],
      [
        // Each scorecard comes ranked by progress, not by code.
        [row('HN', { weighted_progress: 72.46, overdue: 2 }), row('BKHCN', { weighted_progress: 10 })],
        [row('BKHCN', { weighted_progress: 33 }), row('HN', { tasks: 0, completed: 0, weighted_progress: 0 })],
      ],
    );
    expect(heat.rows.map((r) => r.code)).toEqual(['BKHCN', 'HN']);
    const hn = heat.rows[1];
    expect(hn?.cells).toEqual([
      { resolutionId: '57', tasks: 4, completed: 1, overdue: 2, progress: 72.5, href: '/tasks?lead_agency_subtree=HN&resolution_id=57' },
      { resolutionId: '66', tasks: 0, completed: 0, overdue: 0, progress: null, href: undefined },
    ]);
    expect(heat.rows[0]?.cells.map((c) => c.progress)).toEqual([10, 33]);
    expect(heat.hidden).toBe(0);
  });

  it('leaves out agencies without any task and counts them', () => {
    const heat = buildHeatMap([column('57')], [[row('HN'), row('EMPTY', { tasks: 0, weighted_progress: 0 })]]);
    expect(heat.rows.map((r) => r.code)).toEqual(['HN']);
    expect(heat.hidden).toBe(1);
  });

  it('is empty without columns or without child agencies', () => {
    expect(buildHeatMap([], [])).toEqual({ columns: [], rows: [], hidden: 0 });
    expect(buildHeatMap([column('57')], [[]]).rows).toEqual([]);
  });

  it('colours by progress band, grey when there is nothing to measure', () => {
    expect([0, 19.9, 20, 59.9, 80, 100, 120].map(heatBand)).toEqual([0, 0, 1, 2, 4, 4, 4]);
    expect(heatColor(5)).toBe(HEAT_BANDS[0].color);
    expect(heatColor(95)).toBe(HEAT_BANDS[4].color);
    expect(heatColor(null)).toBe(HEAT_EMPTY_COLOR);
  });
});
