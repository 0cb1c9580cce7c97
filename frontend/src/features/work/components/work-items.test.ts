import { describe, expect, it } from 'vitest';
import type { WorkItem } from '../../../api/models';
import { daysBetween, dueState, filterWork } from './work-items';

const item = (over: Partial<WorkItem>): WorkItem => ({
  kind: 'figure_to_enter',
  title: 'DT_DOCS — Tỷ lệ văn bản điện tử được ký số',
  due_date: null,
  overdue: false,
  locked: false,
  link: '/indicators/i1',
  subject_id: 'i1',
  period: '2026-Q4',
  agency_id: 'a1',
  ...over,
});

describe('work items', () => {
  it('counts whole days across months and years', () => {
    expect(daysBetween('2026-12-02', '2027-01-15')).toBe(44);
    expect(daysBetween('2026-03-01', '2026-02-27')).toBe(-2);
    expect(daysBetween('2026-03-01', 'soon')).toBeNull();
  });

  it('says by how many days an item is overdue, from the server\'s today and flag', () => {
    expect(dueState(item({ due_date: '2026-11-20', overdue: true }), '2026-12-02')).toEqual({ kind: 'overdue', days: 12 });
    // The server decides what is overdue; without a date it still is.
    expect(dueState(item({ due_date: null, overdue: true }), '2026-12-02')).toEqual({ kind: 'overdue', days: 0 });
  });

  it('tells due today, due soon (a week) and later apart', () => {
    expect(dueState(item({ due_date: '2026-12-02' }), '2026-12-02')).toEqual({ kind: 'today' });
    expect(dueState(item({ due_date: '2026-12-09' }), '2026-12-02')).toEqual({ kind: 'soon', days: 7 });
    expect(dueState(item({ due_date: '2026-12-10' }), '2026-12-02')).toEqual({ kind: 'later', days: 8 });
    expect(dueState(item({ due_date: null }), '2026-12-02')).toEqual({ kind: 'none' });
  });

  it('filters by kind or by overdue, keeping the server\'s order', () => {
    const items = [item({ kind: 'figure_to_approve', overdue: true }), item({ kind: 'figure_to_enter' }), item({ kind: 'figure_to_approve' })];
    expect(filterWork(items, 'all')).toHaveLength(3);
    expect(filterWork(items, 'overdue')).toEqual([items[0]]);
    expect(filterWork(items, 'figure_to_approve')).toEqual([items[0], items[2]]);
  });
});
