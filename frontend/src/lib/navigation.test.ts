import { describe, expect, it } from 'vitest';
import { allows, firstPath, visibleNavItems, type MeActions } from './navigation';

// What `GET /me` sends; the menu follows it and nothing else (no roles are looked at).
const NOTHING: MeActions = {
  plan_resolutions: false,
  plan_tasks: false,
  plan_indicators: false,
  decide_figures: false,
  decide_tasks: false,
  manage_agencies: false,
  manage_users: false,
  grantable_roles: [],
  grantable_key_roles: [],
  attach_evidence: false,
  manage_api_keys: false,
  manage_webhooks: false,
  read_audit: true,
  evaluate_alerts: false,
  change_password: true,
  schedule_reports: false,
  view_sector: false,
  import_kinds: [],
};
const EVERYTHING: MeActions = {
  ...NOTHING,
  plan_resolutions: true,
  plan_tasks: true,
  plan_indicators: true,
  decide_figures: true,
  decide_tasks: true,
  manage_agencies: true,
  manage_users: true,
  grantable_roles: ['admin', 'viewer'],
  manage_api_keys: true,
  manage_webhooks: true,
  evaluate_alerts: true,
  import_kinds: ['agencies', 'tasks'],
};

const keys = (actions: MeActions | undefined) => visibleNavItems(actions).map((i) => [i.key, ...(i.children?.map((c) => c.key) ?? [])].join(':'));
const BASE = ['work', 'overview', 'reports', 'alerts', 'resolutions', 'tasks', 'indicators', 'indicatorSets'];

describe('menu from me.actions', () => {
  it('shows everything the actions allow, administration as a group', () => {
    expect(keys(EVERYTHING)).toEqual([...BASE, 'decisions', 'approvals', 'imports', 'audit', 'admin:agencies:users:apiKeys', 'account']);
  });

  it('shows the audit trail to everyone who may read it, and no administration group when it would be empty', () => {
    expect(keys(NOTHING)).toEqual([...BASE, 'audit', 'account']);
    expect(keys({ ...NOTHING, read_audit: false })).toEqual([...BASE, 'account']);
  });

  it('shows each entry from its own action', () => {
    expect(keys({ ...NOTHING, decide_figures: true })).toContain('approvals');
    expect(keys({ ...NOTHING, decide_tasks: true })).toEqual([...BASE, 'decisions', 'audit', 'account']);
    expect(keys({ ...NOTHING, import_kinds: ['indicator-values'] })).toContain('imports');
    expect(keys({ ...NOTHING, manage_users: true })).toContain('admin:users');
    expect(keys({ ...NOTHING, manage_agencies: true, manage_api_keys: true })).toContain('admin:agencies:apiKeys');
    // grantable_roles alone opens no page.
    expect(keys({ ...NOTHING, grantable_roles: ['viewer'] })).toEqual(keys(NOTHING));
  });

  it('shows only the open pages while /me is not loaded', () => {
    expect(keys(undefined)).toEqual([...BASE, 'account']);
  });

  it('reads flags and lists', () => {
    expect(allows(NOTHING, undefined)).toBe(true);
    expect(allows(NOTHING, 'import_kinds')).toBe(false);
    expect(allows({ ...NOTHING, import_kinds: ['tasks'] }, 'import_kinds')).toBe(true);
    expect(allows(NOTHING, 'read_audit')).toBe(true);
    expect(allows(undefined, 'read_audit')).toBe(false);
  });

  it('lands everyone on "Việc cần làm"', () => {
    expect(firstPath(visibleNavItems(EVERYTHING))).toBe('/work');
    expect(firstPath(visibleNavItems(NOTHING))).toBe('/work');
  });
});
