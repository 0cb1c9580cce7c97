import { useQuery } from '@tanstack/react-query';
import type { ByProvince, IndicatorPage } from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { unwrap } from '../../../lib/problem';

/** The indicators the user's agency owns: the ones its sector line reports. */
export function useOwnedIndicators(agencyId: string | undefined) {
  return useQuery({
    queryKey: ['indicators', 'list', { owner_agency_id: agencyId, limit: 500 }],
    enabled: Boolean(agencyId),
    queryFn: async ({ signal }): Promise<IndicatorPage> =>
      unwrap(
        await apiClient.GET('/api/v1/indicators', {
          params: { query: { owner_agency_id: agencyId ?? '', limit: 500 } },
          signal,
        }),
      ),
  });
}

/** One indicator compared across the provinces, for a period (default: the latest reported). */
export function useByProvince(indicatorId: string | undefined, period: string | undefined) {
  return useQuery({
    queryKey: ['indicators', indicatorId, 'provinces', period ?? null],
    enabled: Boolean(indicatorId),
    queryFn: async ({ signal }): Promise<ByProvince> =>
      unwrap(
        await apiClient.GET('/api/v1/indicators/{id}/provinces', {
          params: { path: { id: indicatorId ?? '' }, query: period ? { period } : {} },
          signal,
        }),
      ),
  });
}
