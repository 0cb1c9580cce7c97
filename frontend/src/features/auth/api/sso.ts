import { authClient } from '../../../lib/api-client';
import { unwrap } from '../../../lib/problem';
import { session } from '../../../lib/session';

/** Whether the server offers single sign-on through an identity provider, and the provider's name. */
export async function fetchSsoInfo(): Promise<{ enabled: boolean; name: string | null }> {
  const info = unwrap(await authClient.GET('/api/v1/auth/oidc'));
  return { enabled: info.enabled, name: info.name ?? null };
}

/**
 * Starts a sign-in at the identity provider: the server keeps the login under way (bound to this
 * browser by an HttpOnly cookie) and answers the provider's address, where the browser goes.
 */
export async function startSso(returnTo: string): Promise<string> {
  const started = unwrap(await authClient.POST('/api/v1/auth/oidc/start', { body: { return_to: returnTo } }));
  return started.authorization_url;
}

/** What the provider sent back to `/login/oidc`. */
export interface SsoAnswer {
  code: string;
  state: string;
  iss?: string;
}

/** Completes the sign-in: the server checks the answer and the ID token and opens the session. Throws ApiError. */
export async function completeSso(answer: SsoAnswer): Promise<string> {
  const login = unwrap(await authClient.POST('/api/v1/auth/oidc/callback', { body: answer }));
  const { return_to: returnTo, ...pair } = login;
  session.start(pair);
  return returnTo ?? '/';
}
