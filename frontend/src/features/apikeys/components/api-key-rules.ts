import type { ApiKey } from '../../../api/models';

export type KeyState = 'active' | 'revoked' | 'expired';

/** Revoked wins over expired; an expired key gets 401 at once even if never revoked. */
export function keyState(key: Pick<ApiKey, 'active' | 'revoked_at' | 'expires_at'>, now: Date): KeyState {
  if (key.revoked_at || !key.active) return 'revoked';
  if (key.expires_at && new Date(key.expires_at).getTime() <= now.getTime()) return 'expired';
  return 'active';
}
