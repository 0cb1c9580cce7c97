import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReportCalendar, Resolution, ResolutionListQuery, ResolutionTree } from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { unwrap } from '../../../lib/problem';

export const resolutionsKey = ['resolutions'] as const;

export function useResolutions(query: ResolutionListQuery) {
  return useQuery({
    queryKey: [...resolutionsKey, 'list', query],
    queryFn: async ({ signal }) => unwrap(await apiClient.GET('/api/v1/resolutions', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useResolution(id: string | undefined) {
  return useQuery({
    queryKey: [...resolutionsKey, 'detail', id ?? ''],
    enabled: Boolean(id),
    queryFn: async ({ signal }): Promise<Resolution> =>
      unwrap(await apiClient.GET('/api/v1/resolutions/{id}', { params: { path: { id: id ?? '' } }, signal })),
  });
}

export function useResolutionTree(id: string | undefined) {
  return useQuery({
    queryKey: [...resolutionsKey, 'tree', id ?? ''],
    enabled: Boolean(id),
    // The generated type mistypes `health` (see api/models.ts); the body is a ResolutionTree.
    queryFn: async ({ signal }) =>
      unwrap(await apiClient.GET('/api/v1/resolutions/{id}/tree', { params: { path: { id: id ?? '' } }, signal })) as ResolutionTree,
  });
}

/** Sets (`body`) or removes (`null`) when the resolution's tasks report progress. */
export function useSetReportCalendar(resolutionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ReportCalendar | null): Promise<Resolution> =>
      body
        ? unwrap(await apiClient.PUT('/api/v1/resolutions/{id}/report-calendar', { params: { path: { id: resolutionId } }, body }))
        : unwrap(await apiClient.DELETE('/api/v1/resolutions/{id}/report-calendar', { params: { path: { id: resolutionId } } })),
    // Report deadlines of every task of the resolution follow the calendar.
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: resolutionsKey }), queryClient.invalidateQueries({ queryKey: ['tasks'] })]),
  });
}
