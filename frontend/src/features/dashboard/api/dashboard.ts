import { queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import type { DashboardQuery, DashboardSummary, ResolutionPage, ScorecardQuery, ScorecardRow, TrendPoint, TrendQuery } from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { unwrap } from '../../../lib/problem';

export const dashboardKey = ['dashboard'] as const;

export function useSummary(query: DashboardQuery, enabled: boolean) {
  return useQuery({
    queryKey: [...dashboardKey, 'summary', query],
    enabled,
    queryFn: async ({ signal }): Promise<DashboardSummary> =>
      unwrap(await apiClient.GET('/api/v1/dashboard/summary', { params: { query }, signal })),
  });
}

const scorecardQuery = (query: ScorecardQuery, enabled: boolean) =>
  queryOptions({
    queryKey: [...dashboardKey, 'scorecard', query],
    enabled,
    queryFn: async ({ signal }): Promise<ScorecardRow[]> =>
      unwrap(await apiClient.GET('/api/v1/dashboard/agencies', { params: { query }, signal })),
  });

export function useScorecard(query: ScorecardQuery, enabled: boolean) {
  return useQuery(scorecardQuery(query, enabled));
}

/** One scorecard of `parentId`'s child agencies per resolution, for the agency × resolution heat map. */
export function useScorecardsByResolution(parentId: string | undefined, resolutionIds: readonly string[], enabled: boolean) {
  return useQueries({
    queries: resolutionIds.map((resolutionId) => scorecardQuery({ parent_id: parentId, resolution_id: resolutionId }, enabled)),
  });
}

/** The last eight quarters of a scope, on the map asked for (`recorded`, the server's default, or `today`). */
export function useTrend(query: TrendQuery, enabled: boolean) {
  return useQuery({
    queryKey: [...dashboardKey, 'trend', query],
    enabled,
    queryFn: async ({ signal }): Promise<TrendPoint[]> =>
      unwrap(await apiClient.GET('/api/v1/dashboard/trend', { params: { query }, signal })),
  });
}

/** Every resolution the user may see, with its rolled-up progress. */
export function useDashboardResolutions() {
  return useQuery({
    queryKey: ['resolutions', 'list', { limit: 500 }],
    queryFn: async ({ signal }): Promise<ResolutionPage> =>
      unwrap(await apiClient.GET('/api/v1/resolutions', { params: { query: { limit: 500 } }, signal })),
    staleTime: 60_000,
  });
}
