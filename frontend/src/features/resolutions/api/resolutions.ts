import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Resolution, ResolutionListQuery, ResolutionTree } from '../../../api/models';
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
