import { ROLES, type ApiKey, type Role } from '../../../api/models';

export type KeyState = 'active' | 'revoked' | 'expired';

/** Revoked wins over expired; an expired key gets 401 at once even if never revoked. */
export function keyState(key: Pick<ApiKey, 'active' | 'revoked_at' | 'expires_at'>, now: Date): KeyState {
  if (key.revoked_at || !key.active) return 'revoked';
  if (key.expires_at && new Date(key.expires_at).getTime() <= now.getTime()) return 'expired';
  return 'active';
}

/** The roles a new key may get (`me.actions.grantable_key_roles`), in the usual order of roles. */
export function keyRoleChoices(grantable: readonly Role[] | undefined): Role[] {
  return ROLES.filter((role) => grantable?.includes(role));
}

/** A default only (a ministry system usually reports figures), when the user may grant it. */
export function defaultKeyRoles(grantable: readonly Role[] | undefined): Role[] {
  return grantable?.includes('reporter') ? ['reporter'] : [];
}
