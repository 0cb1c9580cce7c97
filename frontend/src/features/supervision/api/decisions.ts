import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import type { Task, TaskPage } from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { unwrap } from '../../../lib/problem';
import { awaitingDecisionKey } from '../../../lib/awaiting-decision';
import type { Completion, CompletionPage, TaskRequest, TaskRequestPage } from '../components/waiting';

/** What a row's hint is made of: a task's completion proposals or its requests. */
export interface WaitingDetails {
  completions?: Completion[];
  requests?: TaskRequest[];
}

export interface DecisionQuery {
  q?: string;
  limit: number;
  offset: number;
}

// Under the tasks' key: every task change (an acceptance, a grant on the task page) refreshes these too.
const decisionsKey = awaitingDecisionKey;

/** `GET /tasks?awaiting_decision=true`: the tasks waiting for the caller's decision (the server refuses others). */
export function useAwaitingDecision(query: DecisionQuery, enabled = true) {
  return useQuery({
    queryKey: [...decisionsKey, 'list', query],
    enabled,
    queryFn: async ({ signal }): Promise<TaskPage> =>
      unwrap(await apiClient.GET('/api/v1/tasks', { params: { query: { ...query, awaiting_decision: true, sort: 'due_date' } }, signal })),
    placeholderData: keepPreviousData,
  });
}

const completionsOf = async (id: string, signal: AbortSignal) =>
  unwrap(await apiClient.GET('/api/v1/tasks/{id}/completions', { params: { path: { id } }, signal })) satisfies CompletionPage;
const requestsOf = async (id: string, signal: AbortSignal) =>
  unwrap(await apiClient.GET('/api/v1/tasks/{id}/requests', { params: { path: { id } }, signal })) satisfies TaskRequestPage;

/**
 * For the hint of each row: a task awaiting acceptance's proposals, any other task's requests. One
 * small request per row of the page shown (at most a page size).
 */
export function useWaitingDetails(tasks: readonly Task[]) {
  return useQueries({
    queries: tasks.map((task) =>
      task.status === 'awaiting_acceptance'
        ? {
            queryKey: [...decisionsKey, 'completions', task.id],
            queryFn: async ({ signal }: { signal: AbortSignal }): Promise<WaitingDetails> => ({ completions: (await completionsOf(task.id, signal)).items }),
            staleTime: 30_000,
          }
        : {
            queryKey: [...decisionsKey, 'requests', task.id],
            queryFn: async ({ signal }: { signal: AbortSignal }): Promise<WaitingDetails> => ({ requests: (await requestsOf(task.id, signal)).items }),
            staleTime: 30_000,
          },
    ),
  });
}
