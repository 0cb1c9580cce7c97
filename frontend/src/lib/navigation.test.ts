import { describe, expect, it } from 'vitest';
import { firstPath, visibleNavItems } from './navigation';

const keys = (roles: string[]) => visibleNavItems(roles).map((i) => [i.key, ...(i.children?.map((c) => c.key) ?? [])].join(':'));

describe('role-based menu', () => {
  it('shows administration to admins and agency admins', () => {
    expect(keys(['admin'])).toEqual(['resolutions', 'tasks', 'indicators', 'approvals', 'admin:agencies:users:audit', 'account']);
    expect(keys(['agency_admin', 'viewer'])).toEqual(['resolutions', 'tasks', 'indicators', 'admin:agencies:users:audit', 'account']);
  });

  it('hides administration from other roles, who keep resolutions, tasks, indicators and their account page', () => {
    for (const role of ['planner', 'reporter', 'viewer']) expect(keys([role])).toEqual(['resolutions', 'tasks', 'indicators', 'account']);
    expect(keys([])).toEqual(['resolutions', 'tasks', 'indicators', 'account']);
  });

  it('shows the approvals queue to approvers and admins only', () => {
    expect(keys(['approver'])).toEqual(['resolutions', 'tasks', 'indicators', 'approvals', 'account']);
    expect(keys(['reporter', 'planner'])).not.toContain('approvals');
  });

  it('lands everyone on the resolutions', () => {
    expect(firstPath(visibleNavItems(['admin']))).toBe('/resolutions');
    expect(firstPath(visibleNavItems(['reporter']))).toBe('/resolutions');
  });
});
