import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateIndicatorBody, Indicator, PutTargetsBody, Targets, UpdateIndicatorBody } from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { indicatorsKey } from '../../../lib/indicator-series';
import { unwrap } from '../../../lib/problem';

/** An indicator with the ETag a later PATCH sends as If-Match. */
export interface VersionedIndicator {
  indicator: Indicator;
  etag: string;
}

const versioned = (result: { data?: Indicator; error?: unknown; response: Response }): VersionedIndicator => ({
  indicator: unwrap(result),
  etag: result.response.headers.get('ETag') ?? '',
});

export const fetchVersionedIndicator = async (id: string, signal?: AbortSignal) =>
  versioned(await apiClient.GET('/api/v1/indicators/{id}', { params: { path: { id } }, signal }));

/** The indicator to edit, fetched for its ETag. */
export function useVersionedIndicator(id: string | undefined) {
  return useQuery({
    queryKey: [...indicatorsKey, 'versioned', id ?? ''],
    enabled: Boolean(id),
    gcTime: 0,
    queryFn: ({ signal }) => fetchVersionedIndicator(id ?? '', signal),
  });
}

/** An indicator change moves its page, lists, a task's KPIs and progress. */
const refresh = (queryClient: ReturnType<typeof useQueryClient>) =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: indicatorsKey }),
    queryClient.invalidateQueries({ queryKey: ['tasks'] }),
    queryClient.invalidateQueries({ queryKey: ['resolutions'] }),
  ]);

export function useCreateIndicator() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateIndicatorBody): Promise<Indicator> => unwrap(await apiClient.POST('/api/v1/indicators', { body })),
    onSuccess: () => refresh(queryClient),
  });
}

export function useUpdateIndicator() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, etag, body }: { id: string; etag: string; body: UpdateIndicatorBody }) =>
      versioned(await apiClient.PATCH('/api/v1/indicators/{id}', { params: { path: { id }, header: { 'If-Match': etag } }, body })),
    onSuccess: () => refresh(queryClient),
  });
}

const targetsKey = (id: string) => [...indicatorsKey, 'targets', id] as const;

export function useTargets(id: string | undefined) {
  return useQuery({
    queryKey: targetsKey(id ?? ''),
    enabled: Boolean(id),
    queryFn: async ({ signal }): Promise<Targets> =>
      unwrap(await apiClient.GET('/api/v1/indicators/{id}/targets', { params: { path: { id: id ?? '' } }, signal })),
  });
}

/** Replaces the interim targets (per period, for every reporting agency or one). */
export function usePutTargets(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: PutTargetsBody): Promise<Targets> =>
      unwrap(await apiClient.PUT('/api/v1/indicators/{id}/targets', { params: { path: { id } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: indicatorsKey }),
  });
}
