import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LoginSession } from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { unwrap } from '../../../lib/problem';

const sessionsKey = ['me', 'sessions'] as const;

/** The caller's login sessions (`/me/sessions`). */
export function useMySessions() {
  return useQuery({
    queryKey: sessionsKey,
    queryFn: async ({ signal }): Promise<LoginSession[]> => unwrap(await apiClient.GET('/api/v1/me/sessions', { signal })),
  });
}

export function useEndMySession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      unwrap(await apiClient.DELETE('/api/v1/me/sessions/{id}', { params: { path: { id } } }));
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsKey }),
  });
}
