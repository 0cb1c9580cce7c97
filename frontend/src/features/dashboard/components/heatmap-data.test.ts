import { describe, expect, it } from 'vitest';
import type { ScorecardRow } from '../../../api/models';
import { buildHeatMap, contrastRatio, HEAT_COLORS, HEAT_EMPTY_COLOR, HEAT_LEGEND, HEAT_TEXT_COLOR, heatColor } from './heatmap-data';
import type { ResolutionBar } from './overview-data';

const column = (id: string): ResolutionBar => ({ id, code: `${id}-NQ/TW`, title: `Nghị quyết ${id}`, progress: 0, expected: null, health: null });

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
  peer_group: 'province',
  data_quality: 'good',
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
      { resolutionId: '57', tasks: 4, completed: 1, overdue: 2, progress: 72.5, health: 'on_track', behind: 2, href: '/tasks?lead_agency_subtree=HN&resolution_id=57' },
      { resolutionId: '66', tasks: 0, completed: 0, overdue: 0, progress: null, health: null, behind: 0, href: undefined },
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

  it('colours each cell by the health the server decided, never by the progress', () => {
    // A task started last week: low progress, but on schedule — green, not red.
    const heat = buildHeatMap(
      [column('57'), column('66'), column('68')],
      [
        [row('HN', { weighted_progress: 5, health: 'on_track' })],
        [row('HN', { weighted_progress: 90, health: 'overdue', overdue: 2, off_track: 1 })],
        [row('HN', { weighted_progress: 60, health: 'done', on_track: 0, completed: 4 })],
      ],
    );
    const cells = heat.rows[0]?.cells ?? [];
    expect(cells.map((c) => [c.progress, c.health])).toEqual([
      [5, 'on_track'],
      [90, 'overdue'],
      [60, 'done'],
    ]);
    expect(cells.map((c) => heatColor(c.health))).toEqual([HEAT_COLORS.on_track, HEAT_COLORS.overdue, HEAT_COLORS.done]);
    expect(cells[1]?.behind).toBe(3);
    expect(heatColor(null)).toBe(HEAT_EMPTY_COLOR);
  });

  it('a red cell (off track, overdue) opens only the tasks of its class; the others open all the tasks', () => {
    const heat = buildHeatMap(
      [column('57'), column('66'), column('68')],
      [[row('HN', { health: 'off_track', off_track: 2 })], [row('HN', { health: 'overdue', overdue: 3 })], [row('HN', { health: 'at_risk', at_risk: 1 })]],
    );
    const cells = heat.rows[0]?.cells ?? [];
    expect(cells.map((c) => [c.drill, c.href])).toEqual([
      ['off_track', '/tasks?lead_agency_subtree=HN&resolution_id=57&health=off_track'],
      ['overdue', '/tasks?lead_agency_subtree=HN&resolution_id=66&health=overdue'],
      [undefined, '/tasks?lead_agency_subtree=HN&resolution_id=68'],
    ]);
  });

  it('a row without a health (no task) is grey and opens nothing', () => {
    const heat = buildHeatMap([column('57'), column('66')], [[row('HN')], [row('HN', { tasks: 0, health: null })]]);
    expect(heat.rows[0]?.cells[1]).toMatchObject({ health: null, href: undefined });
  });

  it('lists every health class in the legend, each colour dark text can be read on (≥ 4.5:1)', () => {
    expect(HEAT_LEGEND).toEqual(['on_track', 'at_risk', 'off_track', 'overdue', 'done']);
    for (const health of HEAT_LEGEND) expect(contrastRatio(HEAT_TEXT_COLOR, HEAT_COLORS[health]), health).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(new Set(Object.values(HEAT_COLORS)).size).toBe(5);
  });
});
