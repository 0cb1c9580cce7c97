import type { TokenPair } from '../../../api/models';
import { authClient } from '../../../lib/api-client';
import { unwrap } from '../../../lib/problem';
import { session } from '../../../lib/session';

export interface Credentials {
  username: string;
  password: string;
  /** The 6-digit code of the authenticator app, when the account uses a second factor. */
  totp_code?: string;
  /** One of the account's recovery codes, in place of `totp_code`. */
  recovery_code?: string;
}

/** Exchanges credentials for tokens and starts a new session (for every tab); throws ApiError (401, 429 …). */
export async function login(credentials: Credentials): Promise<void> {
  const pair: TokenPair = unwrap(await authClient.POST('/api/v1/auth/login', { body: credentials }));
  session.start(pair);
}
