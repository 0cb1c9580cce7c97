import { describe, expect, it } from 'vitest';
import { firstPath, visibleNavItems } from './navigation';

const keys = (roles: string[]) => visibleNavItems(roles).map((i) => [i.key, ...(i.children?.map((c) => c.key) ?? [])].join(':'));

describe('role-based menu', () => {
  it('shows administration to admins and agency admins', () => {
    expect(keys(['admin'])).toEqual(['admin:agencies:users:audit', 'account']);
    expect(keys(['agency_admin', 'viewer'])).toEqual(['admin:agencies:users:audit', 'account']);
  });

  it('hides administration from other roles, who keep their account page', () => {
    for (const role of ['planner', 'reporter', 'approver', 'viewer']) expect(keys([role])).toEqual(['account']);
    expect(keys([])).toEqual(['account']);
  });

  it('lands admins on the agency tree and others on their account', () => {
    expect(firstPath(visibleNavItems(['admin']))).toBe('/admin/agencies');
    expect(firstPath(visibleNavItems(['reporter']))).toBe('/account');
  });
});
