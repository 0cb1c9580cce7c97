import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Series, SeriesQuery } from '../api/models';
import { apiClient } from './api-client';
import { unwrap } from './problem';

/** Every indicator query lives under this key, so a value change refreshes all of them at once. */
export const indicatorsKey = ['indicators'] as const;

/**
 * `GET /indicators/{id}/series`: the approved figures rolled up over an agency's subtree (the caller's
 * own by default), with targets, achievement and completeness per period. Shared by the indicator page
 * and the KPIs of a task.
 */
export function useSeries(id: string | undefined, query: SeriesQuery) {
  return useQuery({
    queryKey: [...indicatorsKey, 'series', id ?? '', query],
    enabled: Boolean(id),
    queryFn: async ({ signal }): Promise<Series> =>
      unwrap(await apiClient.GET('/api/v1/indicators/{id}/series', { params: { path: { id: id ?? '' }, query }, signal })),
    placeholderData: keepPreviousData,
  });
}
