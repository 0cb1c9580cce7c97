import { describe, expect, it } from 'vitest';
import type { TaskNode } from '../../../api/models';
import { buildTaskRows, countRows, expandableKeys, findRow } from './task-tree';

const node = (code: string, lead: string, children: TaskNode[] = [], parent_id: string | null = null): TaskNode => ({
  actions: { edit: false, delete: false, status_moves: [], report: false, decompose: false, link_kpi: false, issue_directive: false,
  move_due_date: false,
  propose_completion: false,
  decide_completion: false,
  request_change: false,
  decide_requests: false },
  id: code,
  resolution_id: 'r',
  parent_id,
  code,
  title: code,
  description: '',
  lead_agency_id: lead,
  coordinating_agency_ids: [],
  start_date: '2026-01-01',
  due_date: '2026-12-31',
  original_due_date: '2026-12-31',
  evaluation_due_date: '2026-12-31',
  status: 'in_progress',
  progress: 0,
  weight: 1,
  health: 'on_track',
  depth: 0,
  child_count: children.length,
  created_at: '',
  updated_at: '',
  children: children.map((c) => ({ ...c, parent_id: code })),
});

describe('buildTaskRows', () => {
  const tree = [
    node('T.3', 'HN', [node('T.3.10', 'BD'), node('T.3.2', 'HN', [node('T.3.2.1', 'BD')]), node('T.3.9', 'CG')]),
    node('T.1', 'HN'),
    node('X.5', 'BD', [], 'invisible-parent'), // its parent is outside the user's view
  ];
  const rows = buildTaskRows(tree);

  it('orders siblings by code naturally and leaves leaves without children', () => {
    expect(rows.map((r) => r.code)).toEqual(['T.1', 'T.3', 'X.5']);
    expect(rows[1]?.children?.map((r) => r.code)).toEqual(['T.3.2', 'T.3.9', 'T.3.10']);
    expect(rows[0]).not.toHaveProperty('children');
    expect(findRow(rows, 'T.3.2.1')).not.toHaveProperty('children');
  });

  it('remembers the parent’s lead agency, unknown when the parent is not visible', () => {
    expect(findRow(rows, 'T.3.2.1')?.parentLeadAgencyId).toBe('HN');
    expect(findRow(rows, 'T.3.9')?.parentLeadAgencyId).toBe('HN');
    expect(findRow(rows, 'T.1')?.parentLeadAgencyId).toBeUndefined();
    expect(findRow(rows, 'X.5')?.parentLeadAgencyId).toBeUndefined();
  });

  it('counts rows and lists the expandable ones', () => {
    expect(countRows(rows)).toBe(7);
    expect(expandableKeys(rows)).toEqual(['T.3', 'T.3.2']);
    expect(findRow(rows, 'nope')).toBeUndefined();
  });
});
