import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { IndicatorListQuery, IndicatorPage } from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { indicatorsKey } from '../../../lib/indicator-series';
import { unwrap } from '../../../lib/problem';

/**
 * The indicators (KPIs) linked to a task, `GET /indicators?task_id=`. Kept under the indicators key
 * so that entering or approving a value refreshes them with every other indicator query.
 */
export function useTaskIndicators(taskId: string | undefined) {
  const query: IndicatorListQuery = { task_id: taskId, limit: 100 };
  return useQuery({
    queryKey: [...indicatorsKey, 'list', query],
    enabled: Boolean(taskId),
    queryFn: async ({ signal }): Promise<IndicatorPage> => unwrap(await apiClient.GET('/api/v1/indicators', { params: { query }, signal })),
  });
}

/** Indicators the caller may link to this task: found by code or name, editable (`actions.edit`), not linked to it yet. */
export function useLinkableIndicators(taskId: string, q: string, enabled: boolean) {
  const query: IndicatorListQuery = { q: q || undefined, limit: 50 };
  return useQuery({
    queryKey: [...indicatorsKey, 'list', 'linkable', taskId, query],
    enabled,
    queryFn: async ({ signal }) => {
      const page = unwrap(await apiClient.GET('/api/v1/indicators', { params: { query }, signal }));
      return page.items.filter((i) => i.actions.edit && i.task_id !== taskId);
    },
  });
}

/**
 * Links an indicator to a task (`taskId`), or unlinks it (`null`, which also stops it driving the
 * task's progress): reads its ETag, then PATCHes `task_id` with If-Match.
 */
export function useSetIndicatorTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ indicatorId, taskId }: { indicatorId: string; taskId: string | null }) => {
      const current = await apiClient.GET('/api/v1/indicators/{id}', { params: { path: { id: indicatorId } } });
      unwrap(current);
      const etag = current.response.headers.get('ETag') ?? '';
      return unwrap(
        await apiClient.PATCH('/api/v1/indicators/{id}', { params: { path: { id: indicatorId }, header: { 'If-Match': etag } }, body: taskId === null ? { task_id: null, drives_task_progress: false } : { task_id: taskId } }),
      );
    },
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: indicatorsKey }), queryClient.invalidateQueries({ queryKey: ['tasks'] })]),
  });
}
