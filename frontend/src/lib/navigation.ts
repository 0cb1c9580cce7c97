import type { CurrentUser } from '../api/models';
import type { MessageKey } from './i18n/i18n';

/** What the signed-in user may do at all (`GET /me` → `actions`), decided by the server. */
export type MeActions = CurrentUser['actions'];

/**
 * A `MeActions` entry that shows a menu item and opens its page: a flag when it is true, a list
 * (`import_kinds`) when it is not empty.
 */
export type MeAction = keyof MeActions;

export interface NavItem {
  key: string;
  labelKey: MessageKey;
  /** Route path for leaves; groups have children instead. */
  path?: string;
  /** The `me.actions` entry that shows the item; undefined means every signed-in user. */
  action?: MeAction;
  children?: readonly NavItem[];
}

/**
 * The whole menu; what a user sees is filtered by `visibleNavItems` from `me.actions`. "Việc cần
 * làm" comes first: it is everyone's start page after login (see `firstPath`). The audit
 * trail of one's subtree is readable by all its staff, so it is an entry of its own; the
 * administration group holds what only some users have and disappears when it is empty.
 */
export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'work', labelKey: 'nav.work', path: '/work' },
  { key: 'overview', labelKey: 'nav.overview', path: '/overview' },
  { key: 'reports', labelKey: 'nav.reports', path: '/reports' },
  { key: 'alerts', labelKey: 'nav.alerts', path: '/alerts' },
  { key: 'resolutions', labelKey: 'nav.resolutions', path: '/resolutions' },
  { key: 'tasks', labelKey: 'nav.tasks', path: '/tasks' },
  { key: 'indicators', labelKey: 'nav.indicators', path: '/indicators' },
  { key: 'indicatorSets', labelKey: 'nav.indicatorSets', path: '/indicator-sets' },
  { key: 'sector', labelKey: 'nav.sector', path: '/sector', action: 'view_sector' },
  { key: 'decisions', labelKey: 'nav.decisions', path: '/decisions', action: 'decide_tasks' },
  { key: 'approvals', labelKey: 'nav.approvals', path: '/approvals', action: 'decide_figures' },
  { key: 'imports', labelKey: 'nav.imports', path: '/imports', action: 'import_kinds' },
  { key: 'audit', labelKey: 'nav.audit', path: '/audit', action: 'read_audit' },
  {
    key: 'admin',
    labelKey: 'nav.admin',
    children: [
      { key: 'agencies', labelKey: 'nav.agencies', path: '/admin/agencies', action: 'manage_agencies' },
      { key: 'users', labelKey: 'nav.users', path: '/admin/users', action: 'manage_users' },
      { key: 'apiKeys', labelKey: 'nav.apiKeys', path: '/admin/api-keys', action: 'manage_api_keys' },
    ],
  },
  { key: 'account', labelKey: 'nav.account', path: '/account' },
];

/** Whether `me.actions` allows `action` (a true flag or a non-empty list); no action: everyone. */
export function allows(actions: MeActions | undefined, action: MeAction | undefined): boolean {
  if (action === undefined) return true;
  const value = actions?.[action];
  return Array.isArray(value) ? value.length > 0 : value === true;
}

/** The menu for a user with these actions; groups left without children disappear. */
export function visibleNavItems(actions: MeActions | undefined, items: readonly NavItem[] = NAV_ITEMS): NavItem[] {
  return items.flatMap((item) => {
    if (!allows(actions, item.action)) return [];
    if (!item.children) return [item];
    const children = visibleNavItems(actions, item.children);
    return children.length > 0 ? [{ ...item, children }] : [];
  });
}

/** The first page the user may open, used as the landing page after login. */
export function firstPath(items: readonly NavItem[]): string | undefined {
  for (const item of items) {
    const path = item.path ?? (item.children ? firstPath(item.children) : undefined);
    if (path) return path;
  }
  return undefined;
}
