import type { QueryClient } from '@tanstack/react-query';
import { apiClient } from './api-client';
import { session, type SessionEndReason } from './session';

/**
 * Ends the session on the server (best effort) and forgets everything cached for this user. A session
 * opened through the identity provider (single sign-on) also ends there: the server answers the
 * provider's logout address and the browser goes to it, to come back to the login page.
 */
export async function signOut(queryClient: QueryClient, reason: SessionEndReason = 'logged_out'): Promise<void> {
  let providerLogout: string | null = null;
  if (reason === 'logged_out') {
    try {
      const { data } = await apiClient.POST('/api/v1/auth/oidc/logout');
      providerLogout = data?.end_session_url ?? null;
    } catch {
      // The local session ends regardless; the server-side session expires on its own.
    }
  }
  session.end(reason);
  queryClient.clear();
  if (providerLogout) window.location.assign(providerLogout);
}
