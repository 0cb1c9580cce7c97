import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateResolutionBody, Resolution, UpdateResolutionBody } from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { unwrap } from '../../../lib/problem';
import { resolutionsKey } from './resolutions';

/** A resolution with the ETag a later PATCH sends as If-Match. */
export interface VersionedResolution {
  resolution: Resolution;
  etag: string;
}

const versioned = (result: { data?: Resolution; error?: unknown; response: Response }): VersionedResolution => ({
  resolution: unwrap(result),
  etag: result.response.headers.get('ETag') ?? '',
});

/** The resolution to edit, fetched for its ETag (not cached beyond the dialog). */
export function useVersionedResolution(id: string | undefined) {
  return useQuery({
    queryKey: [...resolutionsKey, 'versioned', id ?? ''],
    enabled: Boolean(id),
    gcTime: 0,
    queryFn: async ({ signal }) => versioned(await apiClient.GET('/api/v1/resolutions/{id}', { params: { path: { id: id ?? '' } }, signal })),
  });
}

export function useCreateResolution() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateResolutionBody): Promise<Resolution> => unwrap(await apiClient.POST('/api/v1/resolutions', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: resolutionsKey }),
  });
}

export function useUpdateResolution() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, etag, body }: { id: string; etag: string; body: UpdateResolutionBody }) =>
      versioned(await apiClient.PATCH('/api/v1/resolutions/{id}', { params: { path: { id }, header: { 'If-Match': etag } }, body })),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: resolutionsKey }), queryClient.invalidateQueries({ queryKey: ['audit'] })]),
  });
}
