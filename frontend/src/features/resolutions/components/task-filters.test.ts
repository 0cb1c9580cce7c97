import { describe, expect, it } from 'vitest';
import { taskFiltersFromSearch, taskFiltersToSearch, taskListQuery } from './task-filters';

describe('task filters in the address', () => {
  it('reads a dashboard drill-down link', () => {
    const f = taskFiltersFromSearch(new URLSearchParams('health=overdue&lead_agency_subtree=A1&resolution_id=R1'));
    expect(f).toMatchObject({ health: 'overdue', lead_agency_id: 'A1', include_subtree: true, resolution_id: 'R1', sort: 'due_date' });
  });

  it('distinguishes the agency alone from its subtree and ignores unknown values', () => {
    const f = taskFiltersFromSearch(new URLSearchParams('lead_agency_id=A2&health=purple&status=completed&sort=bogus&overdue=true'));
    expect(f).toEqual({
      q: undefined,
      resolution_id: undefined,
      lead_agency_id: 'A2',
      include_subtree: undefined,
      status: 'completed',
      health: undefined,
      overdue: true,
      evaluation: undefined,
      evaluation_from: undefined,
      evaluation_to: undefined,
      sort: 'due_date',
    });
  });

  it('round-trips', () => {
    const search = 'q=s%E1%BB%91+h%C3%B3a&lead_agency_subtree=A1&status=in_progress&overdue=true&sort=code';
    expect(taskFiltersToSearch(taskFiltersFromSearch(new URLSearchParams(search))).toString()).toBe(
      new URLSearchParams({ q: 'số hóa', lead_agency_subtree: 'A1', status: 'in_progress', overdue: 'true', sort: 'code' }).toString(),
    );
    expect(taskFiltersToSearch({ sort: 'due_date' }).toString()).toBe('');
  });

  it('reads an evaluation count\'s link: the class, the period and the agency\'s subtree', () => {
    const f = taskFiltersFromSearch(
      new URLSearchParams('lead_agency_subtree=A1&resolution_id=R1&evaluation=not_completed_overdue&evaluation_from=2026-01-01&evaluation_to=2026-12-31'),
    );
    expect(f).toMatchObject({
      lead_agency_id: 'A1',
      include_subtree: true,
      resolution_id: 'R1',
      evaluation: 'not_completed_overdue',
      evaluation_from: '2026-01-01',
      evaluation_to: '2026-12-31',
    });
    expect(taskListQuery(f)).toEqual({
      lead_agency_subtree: 'A1',
      resolution_id: 'R1',
      evaluation: 'not_completed_overdue',
      evaluation_from: '2026-01-01',
      evaluation_to: '2026-12-31',
      sort: 'due_date',
    });
  });

  it('ignores an unknown class and days not written YYYY-MM-DD, keeps one side of a period, and leaves a reversed period to the server', () => {
    expect(taskFiltersFromSearch(new URLSearchParams('evaluation=late&evaluation_from=01/01/2026&evaluation_to=2026-13-01'))).toMatchObject({
      evaluation: undefined,
      evaluation_from: undefined,
      evaluation_to: undefined,
    });
    expect(taskListQuery(taskFiltersFromSearch(new URLSearchParams('evaluation_from=2026-07-01')))).toEqual({ evaluation_from: '2026-07-01', sort: 'due_date' });
    expect(taskFiltersFromSearch(new URLSearchParams('evaluation_from=2026-12-31&evaluation_to=2026-01-01'))).toMatchObject({
      evaluation_from: '2026-12-31',
      evaluation_to: '2026-01-01',
    });
  });

  it('round-trips the evaluation with the other filters, and sends the agency alone or its subtree', () => {
    const search = 'lead_agency_subtree=A1&health=overdue&evaluation=completed_late&evaluation_from=2026-01-01&evaluation_to=2026-06-30';
    expect(taskFiltersToSearch(taskFiltersFromSearch(new URLSearchParams(search))).toString()).toBe(search);
    expect(taskListQuery({ lead_agency_id: 'A2', overdue: false, sort: 'code' })).toEqual({ lead_agency_id: 'A2', sort: 'code' });
  });
});
