import { ROLES, type ApiKey, type Role } from '../../../api/models';

export type KeyState = 'active' | 'revoked' | 'expired';

/** Revoked wins over expired; an expired key gets 401 at once even if never revoked. */
export function keyState(key: Pick<ApiKey, 'active' | 'revoked_at' | 'expires_at'>, now: Date): KeyState {
  if (key.revoked_at || !key.active) return 'revoked';
  if (key.expires_at && new Date(key.expires_at).getTime() <= now.getTime()) return 'expired';
  return 'active';
}

/** A key never gets `admin` unless an admin creates it (docs/integration.md). */
export function grantableRoles(callerRoles: readonly Role[]): Role[] {
  return ROLES.filter((r) => r !== 'admin' || callerRoles.includes('admin'));
}
