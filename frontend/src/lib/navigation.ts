import type { Role } from '../api/models';
import type { MessageKey } from './i18n/i18n';

export interface NavItem {
  key: string;
  labelKey: MessageKey;
  /** Route path for leaves; groups have children instead. */
  path?: string;
  /** Who sees the item; undefined means every signed-in user. */
  roles?: readonly Role[];
  children?: readonly NavItem[];
}

export const ADMINISTRATORS: readonly Role[] = ['admin', 'agency_admin'];
/** Who sees the approvals queue (the server decides per value: approvers of its agency or above). */
export const APPROVERS: readonly Role[] = ['admin', 'approver'];
/** Who may import files (the server checks each row as if it were sent alone). */
export const IMPORTERS: readonly Role[] = ['admin', 'agency_admin', 'planner', 'reporter'];

/** The whole menu; what a user sees is filtered by `visibleNavItems`. The server still enforces scope. */
export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'overview', labelKey: 'nav.overview', path: '/overview' },
  { key: 'alerts', labelKey: 'nav.alerts', path: '/alerts' },
  { key: 'resolutions', labelKey: 'nav.resolutions', path: '/resolutions' },
  { key: 'tasks', labelKey: 'nav.tasks', path: '/tasks' },
  { key: 'indicators', labelKey: 'nav.indicators', path: '/indicators' },
  { key: 'approvals', labelKey: 'nav.approvals', path: '/approvals', roles: APPROVERS },
  { key: 'imports', labelKey: 'nav.imports', path: '/imports', roles: IMPORTERS },
  {
    key: 'admin',
    labelKey: 'nav.admin',
    roles: ADMINISTRATORS,
    children: [
      { key: 'agencies', labelKey: 'nav.agencies', path: '/admin/agencies' },
      { key: 'users', labelKey: 'nav.users', path: '/admin/users' },
      { key: 'audit', labelKey: 'nav.audit', path: '/admin/audit' },
      { key: 'apiKeys', labelKey: 'nav.apiKeys', path: '/admin/api-keys' },
    ],
  },
  { key: 'account', labelKey: 'nav.account', path: '/account' },
];

export function hasAnyRole(userRoles: readonly string[], allowed: readonly Role[] | undefined): boolean {
  return allowed === undefined || allowed.some((role) => userRoles.includes(role));
}

/** The menu for a user with these roles; groups left without children disappear. */
export function visibleNavItems(userRoles: readonly string[], items: readonly NavItem[] = NAV_ITEMS): NavItem[] {
  return items.flatMap((item) => {
    if (!hasAnyRole(userRoles, item.roles)) return [];
    if (!item.children) return [item];
    const children = visibleNavItems(userRoles, item.children);
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
