import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TaskPage } from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { unwrap } from '../../../lib/problem';
import { awaitingDecisionKey } from '../../../lib/awaiting-decision';

export interface DecisionQuery {
  q?: string;
  limit: number;
  offset: number;
}

// Under the tasks' key: every task change (an acceptance, a grant on the task page) refreshes these too.
const decisionsKey = awaitingDecisionKey;

/**
 * `GET /tasks?awaiting_decision=true`: the tasks waiting for the caller's decision (the server
 * refuses others), each with what it waits for (`waiting`), so a page is one request.
 */
export function useAwaitingDecision(query: DecisionQuery, enabled = true) {
  return useQuery({
    queryKey: [...decisionsKey, 'list', query],
    enabled,
    queryFn: async ({ signal }): Promise<TaskPage> =>
      unwrap(await apiClient.GET('/api/v1/tasks', { params: { query: { ...query, awaiting_decision: true, sort: 'due_date' } }, signal })),
    placeholderData: keepPreviousData,
  });
}
