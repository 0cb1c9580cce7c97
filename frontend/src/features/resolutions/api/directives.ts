import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AnswerDirectiveBody, Directive, DirectivePage, IssueDirectiveBody } from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { unwrap } from '../../../lib/problem';
import { tasksKey } from './tasks';

// Under the task keys: a task change (cancelled, its resolution closed) changes what its directives allow.
export const directivesKey = (taskId: string) => [...tasksKey, 'directives', taskId] as const;

export function useDirectives(taskId: string | undefined) {
  return useQuery({
    queryKey: directivesKey(taskId ?? ''),
    enabled: Boolean(taskId),
    queryFn: async ({ signal }) =>
      unwrap(await apiClient.GET('/api/v1/tasks/{id}/directives', { params: { path: { id: taskId ?? '' } }, signal })) satisfies DirectivePage,
  });
}

/** After a step: the thread (with everyone's actions) and the audit trail. */
function useRefreshThread(taskId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: directivesKey(taskId) }),
      queryClient.invalidateQueries({ queryKey: ['audit'] }),
    ]);
}

export function useIssueDirective(taskId: string) {
  const refresh = useRefreshThread(taskId);
  return useMutation({
    mutationFn: async (body: IssueDirectiveBody): Promise<Directive> =>
      unwrap(await apiClient.POST('/api/v1/tasks/{id}/directives', { params: { path: { id: taskId } }, body })),
    onSuccess: refresh,
  });
}

export function useAnswerDirective(taskId: string) {
  const refresh = useRefreshThread(taskId);
  return useMutation({
    mutationFn: async ({ id, body }: { id: string; body: AnswerDirectiveBody }): Promise<Directive> =>
      unwrap(await apiClient.POST('/api/v1/directives/{id}/answer', { params: { path: { id } }, body })),
    onSuccess: refresh,
  });
}

export function useCloseDirective(taskId: string) {
  const refresh = useRefreshThread(taskId);
  return useMutation({
    mutationFn: async (id: string): Promise<Directive> =>
      unwrap(await apiClient.POST('/api/v1/directives/{id}/close', { params: { path: { id } } })),
    onSuccess: refresh,
  });
}
