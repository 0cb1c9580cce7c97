import { useQuery } from '@tanstack/react-query';
import type { CurrentUser } from '../api/models';
import { apiClient } from './api-client';
import { unwrap } from './problem';

export const currentUserKey = ['me'] as const;

/** The signed-in user with agency and roles; shared by the shell and every feature. */
export function useCurrentUser() {
  return useQuery({
    queryKey: currentUserKey,
    queryFn: async ({ signal }): Promise<CurrentUser> => unwrap(await apiClient.GET('/api/v1/me', { signal })),
    staleTime: 5 * 60_000,
  });
}
