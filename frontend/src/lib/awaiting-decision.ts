import { useQuery } from '@tanstack/react-query';
import { apiClient } from './api-client';
import { unwrap } from './problem';

/**
 * The supervisor's list (`GET /tasks?awaiting_decision=true`) is cached under the tasks' key, so
 * that every task change (an acceptance, a grant made on the task page) refreshes it and its count.
 */
export const awaitingDecisionKey = ['tasks', 'awaiting-decision'] as const;

/** How many tasks wait for the user's decision, for the menu badge: the `total` of a one-row page. */
export function useAwaitingDecisionCount(enabled: boolean) {
  return useQuery({
    queryKey: [...awaitingDecisionKey, 'count'],
    enabled,
    queryFn: async ({ signal }): Promise<number> =>
      unwrap(await apiClient.GET('/api/v1/tasks', { params: { query: { awaiting_decision: true, limit: 1 } }, signal })).total,
    staleTime: 60_000,
  });
}
