import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { CreateSetBody, IndicatorSet, IndicatorSetPage, UpdateSetBody } from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { unwrap } from '../../../lib/problem';
import { useIndicators } from './indicators';

export const setsKey = ['indicator-sets'] as const;

/** A set version with the ETag a later PATCH sends as If-Match. */
export interface VersionedSet {
  set: IndicatorSet;
  etag: string;
}

const versioned = (result: { data?: IndicatorSet; error?: unknown; response: Response }): VersionedSet => ({
  set: unwrap(result),
  etag: result.response.headers.get('ETag') ?? '',
});

/** Every version of every set in reach; with `code`, the versions of one set. */
export function useIndicatorSets(query: { code?: string; limit: number; offset?: number }, enabled = true) {
  return useQuery({
    enabled,
    queryKey: [...setsKey, 'list', query],
    queryFn: async ({ signal }): Promise<IndicatorSetPage> => unwrap(await apiClient.GET('/api/v1/indicator-sets', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useIndicatorSet(id: string | undefined) {
  return useQuery({
    queryKey: [...setsKey, 'detail', id ?? ''],
    enabled: Boolean(id),
    queryFn: async ({ signal }) => versioned(await apiClient.GET('/api/v1/indicator-sets/{id}', { params: { path: { id: id ?? '' } }, signal })),
  });
}

function useSetMutation<A>(send: (args: A) => Promise<IndicatorSet>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: send, onSuccess: () => queryClient.invalidateQueries({ queryKey: setsKey }) });
}

export const useCreateSet = () => useSetMutation(async (body: CreateSetBody) => unwrap(await apiClient.POST('/api/v1/indicator-sets', { body })));

export const useUpdateSet = () =>
  useSetMutation(async ({ id, etag, body }: { id: string; etag: string; body: UpdateSetBody }) =>
    unwrap(await apiClient.PATCH('/api/v1/indicator-sets/{id}', { params: { path: { id }, header: { 'If-Match': etag } }, body })),
  );

/** Publishes a draft version: from then on it is fixed. */
export const usePublishSet = () =>
  useSetMutation(async (id: string) => unwrap(await apiClient.POST('/api/v1/indicator-sets/{id}/publish', { params: { path: { id } } })));

/** Starts the next version as a draft copy. */
export const useNewSetVersion = () =>
  useSetMutation(async (id: string) => unwrap(await apiClient.POST('/api/v1/indicator-sets/{id}/versions', { params: { path: { id } } })));

/** The indicator options of a set's picker: every indicator in reach, by code and name. */
export function useIndicatorOptions(enabled: boolean) {
  const indicators = useIndicators({ limit: 500 }, enabled);
  return useMemo(() => (indicators.data?.items ?? []).map((i) => ({ value: i.id, label: `${i.code} — ${i.name}` })), [indicators.data]);
}
