import type { QueryClient } from '@tanstack/react-query';
import { apiClient } from './api-client';
import { session, type SessionEndReason } from './session';

/** Ends the session on the server (best effort) and forgets everything cached for this user. */
export async function signOut(queryClient: QueryClient, reason: SessionEndReason = 'logged_out'): Promise<void> {
  if (reason === 'logged_out') {
    try {
      await apiClient.POST('/api/v1/auth/logout');
    } catch {
      // The local session ends regardless; the server-side session expires on its own.
    }
  }
  session.end(reason);
  queryClient.clear();
}
