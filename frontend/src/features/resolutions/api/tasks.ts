import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type {
  CreateReportBody,
  CreateTaskBody,
  Task,
  TaskListQuery,
  TaskPage,
  UpdateTaskBody,
  WireTaskListQuery,
} from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { unwrap } from '../../../lib/problem';
import { resolutionsKey } from './resolutions';

/** A task together with the ETag that a later PATCH must send as If-Match. */
export interface VersionedTask {
  task: Task;
  etag: string;
}

export const tasksKey = ['tasks'] as const;
export const taskKey = (id: string) => [...tasksKey, 'detail', id] as const;

// The generated schema mistypes `health` (see api/models.ts): these casts restate the real wire shape.
const asTask = (data: unknown) => data as Task;

const versioned = (result: { data?: unknown; error?: unknown; response: Response }): VersionedTask => ({
  task: asTask(unwrap(result)),
  etag: result.response.headers.get('ETag') ?? '',
});

export const fetchTask = async (id: string, signal?: AbortSignal): Promise<VersionedTask> =>
  versioned(await apiClient.GET('/api/v1/tasks/{id}', { params: { path: { id } }, signal }));

export function useTasks(query: TaskListQuery, enabled = true) {
  return useQuery({
    queryKey: [...tasksKey, 'list', query],
    enabled,
    queryFn: async ({ signal }) =>
      unwrap(await apiClient.GET('/api/v1/tasks', { params: { query: query satisfies WireTaskListQuery }, signal })) satisfies TaskPage,
    placeholderData: keepPreviousData,
  });
}

export function useTask(id: string | undefined) {
  return useQuery({
    queryKey: taskKey(id ?? ''),
    enabled: Boolean(id),
    queryFn: ({ signal }) => fetchTask(id ?? '', signal),
  });
}

/** Everything a task change can affect: the task, its ancestors' roll-up, lists, trees and history. */
const refreshAfterChange = (queryClient: QueryClient) =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: tasksKey }),
    queryClient.invalidateQueries({ queryKey: resolutionsKey }),
    queryClient.invalidateQueries({ queryKey: ['audit'] }),
  ]);

export function useCreateTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateTaskBody) => asTask(unwrap(await apiClient.POST('/api/v1/tasks', { body }))),
    onSuccess: () => refreshAfterChange(queryClient),
  });
}

export function useUpdateTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, etag, body }: { id: string; etag: string; body: UpdateTaskBody }) =>
      versioned(await apiClient.PATCH('/api/v1/tasks/{id}', { params: { path: { id }, header: { 'If-Match': etag } }, body })),
    onSuccess: async (updated) => {
      queryClient.setQueryData(taskKey(updated.task.id), updated);
      await refreshAfterChange(queryClient);
    },
  });
}

export function useTaskHistory(id: string | undefined) {
  return useQuery({
    queryKey: ['audit', { entity_type: 'task', entity_id: id }],
    enabled: Boolean(id),
    queryFn: async ({ signal }) =>
      unwrap(await apiClient.GET('/api/v1/audit', { params: { query: { entity_type: 'task', entity_id: id, limit: 100 } }, signal })),
  });
}

export const reportsKey = (taskId: string) => [...tasksKey, 'reports', taskId] as const;

export function useReports(taskId: string | undefined) {
  return useQuery({
    queryKey: reportsKey(taskId ?? ''),
    enabled: Boolean(taskId),
    queryFn: async ({ signal }) =>
      unwrap(await apiClient.GET('/api/v1/tasks/{id}/reports', { params: { path: { id: taskId ?? '' }, query: { limit: 200 } }, signal })),
  });
}

export function useCreateReport(taskId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateReportBody) =>
      unwrap(await apiClient.POST('/api/v1/tasks/{id}/reports', { params: { path: { id: taskId } }, body })),
    onSuccess: () => refreshAfterChange(queryClient),
  });
}
