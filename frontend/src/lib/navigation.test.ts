import { describe, expect, it } from 'vitest';
import { firstPath, visibleNavItems } from './navigation';

const keys = (roles: string[]) => visibleNavItems(roles).map((i) => [i.key, ...(i.children?.map((c) => c.key) ?? [])].join(':'));

describe('role-based menu', () => {
  it('shows administration to admins and agency admins', () => {
    expect(keys(['admin'])).toEqual(['overview', 'alerts', 'resolutions', 'tasks', 'indicators', 'approvals', 'imports', 'admin:agencies:users:audit:apiKeys', 'account']);
    expect(keys(['agency_admin', 'viewer'])).toEqual(['overview', 'alerts', 'resolutions', 'tasks', 'indicators', 'imports', 'admin:agencies:users:audit:apiKeys', 'account']);
  });

  it('hides administration from other roles, who keep resolutions, tasks, indicators and their account page', () => {
    for (const role of ['planner', 'reporter']) expect(keys([role])).toEqual(['overview', 'alerts', 'resolutions', 'tasks', 'indicators', 'imports', 'account']);
    expect(keys(['viewer'])).toEqual(['overview', 'alerts', 'resolutions', 'tasks', 'indicators', 'account']);
    expect(keys([])).toEqual(['overview', 'alerts', 'resolutions', 'tasks', 'indicators', 'account']);
  });

  it('shows the approvals queue to approvers and admins only', () => {
    expect(keys(['approver'])).toEqual(['overview', 'alerts', 'resolutions', 'tasks', 'indicators', 'approvals', 'account']);
    expect(keys(['reporter', 'planner'])).not.toContain('approvals');
  });

  it('lands everyone on the overview', () => {
    expect(firstPath(visibleNavItems(['admin']))).toBe('/overview');
    expect(firstPath(visibleNavItems(['viewer']))).toBe('/overview');
  });
});
