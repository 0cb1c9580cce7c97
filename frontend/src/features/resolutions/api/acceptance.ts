import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AnswerProposalsBody,
  CompletionPage,
  DueDateChangePage,
  FileRequestBody,
  ProposeCompletionBody,
  ReturnCompletionBody,
  RefuseRequestBody,
  Task,
  TaskRequest,
  TaskRequestPage,
} from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { unwrap } from '../../../lib/problem';
import { resolutionsKey } from './resolutions';
import { tasksKey } from './tasks';

// Under the task keys, so that any change of the task refreshes them too (and they refresh the task).
export const completionsKey = (taskId: string) => [...tasksKey, 'completions', taskId] as const;
export const requestsKey = (taskId: string) => [...tasksKey, 'requests', taskId] as const;
export const dueDatesKey = (taskId: string) => [...tasksKey, 'due-dates', taskId] as const;

const path = (id: string) => ({ params: { path: { id } } });

export function useCompletions(taskId: string | undefined) {
  return useQuery({
    queryKey: completionsKey(taskId ?? ''),
    enabled: Boolean(taskId),
    queryFn: async ({ signal }): Promise<CompletionPage> =>
      unwrap(await apiClient.GET('/api/v1/tasks/{id}/completions', { ...path(taskId ?? ''), signal })),
  });
}

export function useTaskRequests(taskId: string | undefined) {
  return useQuery({
    queryKey: requestsKey(taskId ?? ''),
    enabled: Boolean(taskId),
    queryFn: async ({ signal }): Promise<TaskRequestPage> =>
      unwrap(await apiClient.GET('/api/v1/tasks/{id}/requests', { ...path(taskId ?? ''), signal })),
  });
}

export function useDueDates(taskId: string | undefined) {
  return useQuery({
    queryKey: dueDatesKey(taskId ?? ''),
    enabled: Boolean(taskId),
    queryFn: async ({ signal }): Promise<DueDateChangePage> =>
      unwrap(await apiClient.GET('/api/v1/tasks/{id}/due-dates', { ...path(taskId ?? ''), signal })),
  });
}

/**
 * A decision changes the task (status, due date, evaluation, everyone's actions), its ancestors'
 * roll-up, the lists and the audit trail: all of them are fetched again.
 */
function useRefresh() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: tasksKey }),
      queryClient.invalidateQueries({ queryKey: resolutionsKey }),
      queryClient.invalidateQueries({ queryKey: ['audit'] }),
    ]);
}

// The generated schema mistypes `health` (see api/models.ts): the body is a Task.
const asTask = (data: unknown) => data as Task;

export function useProposeCompletion(taskId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (body: ProposeCompletionBody): Promise<Task> =>
      asTask(unwrap(await apiClient.POST('/api/v1/tasks/{id}/completion', { ...path(taskId), body }))),
    onSuccess: refresh,
  });
}

export function useAcceptCompletion(taskId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (): Promise<Task> => asTask(unwrap(await apiClient.POST('/api/v1/tasks/{id}/completion/accept', path(taskId)))),
    onSuccess: refresh,
  });
}

export function useReturnCompletion(taskId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (body: ReturnCompletionBody): Promise<Task> =>
      asTask(unwrap(await apiClient.POST('/api/v1/tasks/{id}/completion/return', { ...path(taskId), body }))),
    onSuccess: refresh,
  });
}

export function useFileRequest(taskId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (body: FileRequestBody): Promise<TaskRequest> =>
      unwrap(await apiClient.POST('/api/v1/tasks/{id}/requests', { ...path(taskId), body })),
    onSuccess: refresh,
  });
}

export function useGrantRequest() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (requestId: string): Promise<Task> =>
      asTask(unwrap(await apiClient.POST('/api/v1/task-requests/{id}/grant', path(requestId)))),
    onSuccess: refresh,
  });
}

export function useRefuseRequest() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({ id, body }: { id: string; body: RefuseRequestBody }): Promise<TaskRequest> =>
      unwrap(await apiClient.POST('/api/v1/task-requests/{id}/refuse', { ...path(id), body })),
    onSuccess: refresh,
  });
}

export function useAnswerProposals() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({ id, body }: { id: string; body: AnswerProposalsBody }) =>
      unwrap(await apiClient.POST('/api/v1/reports/{id}/answer', { ...path(id), body })),
    onSuccess: refresh,
  });
}
