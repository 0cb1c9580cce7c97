import { useQuery } from '@tanstack/react-query';
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
