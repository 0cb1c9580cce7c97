import { describe, expect, it } from 'vitest';
import { taskFiltersFromSearch, taskFiltersToSearch } from './task-filters';

describe('task filters in the address', () => {
  it('reads a dashboard drill-down link', () => {
    const f = taskFiltersFromSearch(new URLSearchParams('health=overdue&lead_agency_subtree=A1&resolution_id=R1'));
    expect(f).toMatchObject({ health: 'overdue', lead_agency_id: 'A1', include_subtree: true, resolution_id: 'R1', sort: 'due_date' });
  });

  it('distinguishes the agency alone from its subtree and ignores unknown values', () => {
    const f = taskFiltersFromSearch(new URLSearchParams('lead_agency_id=A2&health=purple&status=completed&sort=bogus&overdue=true'));
    expect(f).toEqual({ q: undefined, resolution_id: undefined, lead_agency_id: 'A2', include_subtree: undefined, status: 'completed', health: undefined, overdue: true, sort: 'due_date' });
  });

  it('round-trips', () => {
    const search = 'q=s%E1%BB%91+h%C3%B3a&lead_agency_subtree=A1&status=in_progress&overdue=true&sort=code';
    expect(taskFiltersToSearch(taskFiltersFromSearch(new URLSearchParams(search))).toString()).toBe(
      new URLSearchParams({ q: 'số hóa', lead_agency_subtree: 'A1', status: 'in_progress', overdue: 'true', sort: 'code' }).toString(),
    );
    expect(taskFiltersToSearch({ sort: 'due_date' }).toString()).toBe('');
  });
});
