import { useQuery } from '@tanstack/react-query';
import type { MyWork } from '../api/models';
import { apiClient } from './api-client';
import { unwrap } from './problem';

/**
 * The to-do list (`GET /me/work`), shared by the "Việc cần làm" page and its menu badge. Every change the user
 * makes may add or remove items, so the app's mutations invalidate this key (see App.tsx).
 */
export const myWorkKey = ['work'] as const;

export function useMyWork() {
  return useQuery({
    queryKey: myWorkKey,
    queryFn: async ({ signal }): Promise<MyWork> => unwrap(await apiClient.GET('/api/v1/me/work', { signal })),
    staleTime: 30_000,
    refetchOnWindowFocus: true,
  });
}
