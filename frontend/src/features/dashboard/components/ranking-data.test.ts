import { describe, expect, it } from 'vitest';
import type { ScorecardRow } from '../../../api/models';
import { compareOptional, compareRank, healthSeverity, laggardsFirst, peerGroupsOf } from './ranking-data';

const row = (code: string, health: ScorecardRow['health'], progress: number, rank: number): ScorecardRow => ({
  agency_id: code,
  code,
  name: `Đơn vị ${code}`,
  rank,
  tasks: health ? 2 : 0,
  completed: 0,
  overdue: 0,
  on_track: 0,
  at_risk: 0,
  off_track: 0,
  health,
  weighted_progress: progress,
  peer_group: 'province',
  data_quality: 'good',
  open_alerts: 0,
  evaluation: { completed_on_time: 0, completed_late: 0, not_completed_within_deadline: 0, not_completed_overdue: 0 },
});

describe('the ranking, laggards first', () => {
  it('puts the worst health first, then the lowest progress; agencies without a task last', () => {
    // As the server ranks them: by progress, best first.
    const rows = [
      row('BTP', 'on_track', 80, 1),
      row('HP', 'overdue', 65, 2),
      row('BKHCN', 'off_track', 61.3, 3),
      row('BNG', 'at_risk', 50, 4),
      row('NA', 'off_track', 10, 5),
      row('BYT', 'on_track', 8, 6),
      row('VPCP', null, 0, 7),
      row('XONG', 'done', 100, 8),
    ];
    expect(laggardsFirst(rows).map((r) => r.code)).toEqual(['HP', 'NA', 'BKHCN', 'BNG', 'BYT', 'BTP', 'XONG', 'VPCP']);
    // The server's rank stays on each row, and the input is not reordered.
    expect(rows[0]?.code).toBe('BTP');
  });

  it('ties on health and progress go by code', () => {
    expect(laggardsFirst([row('B', 'at_risk', 5, 2), row('A', 'at_risk', 5, 1)]).map((r) => r.code)).toEqual(['A', 'B']);
  });

  it('orders health worst first and a missing figure lowest', () => {
    expect(['done', 'on_track', 'at_risk', 'off_track', 'overdue', null].map((h) => healthSeverity(h as ScorecardRow['health']))).toEqual([4, 3, 2, 1, 0, 5]);
    expect([3, null, 0].sort(compareOptional)).toEqual([null, 0, 3]);
  });
});

describe('the ranking within peer groups', () => {
  it('sorts by group, then by the place the server gave within it', () => {
    const rows = [
      { ...row('HN', 'off_track', 50, 1), peer_group: 'province' as const },
      { ...row('BTP', 'on_track', 80, 1), peer_group: 'ministry' as const },
      { ...row('HP', 'overdue', 65, 2), peer_group: 'province' as const, data_quality: 'insufficient' as const },
      { ...row('VPCP', null, 0, 1), peer_group: 'central' as const },
      { ...row('BYT', 'on_track', 8, 2), peer_group: 'ministry' as const },
    ];
    expect([...rows].sort(compareRank).map((r) => r.code)).toEqual(['VPCP', 'BTP', 'BYT', 'HN', 'HP']);
    expect(peerGroupsOf(rows)).toEqual(['central', 'ministry', 'province']);
  });
});
