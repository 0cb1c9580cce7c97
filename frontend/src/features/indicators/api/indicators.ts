import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type {
  CreateValueBody,
  Indicator,
  IndicatorListQuery,
  IndicatorPage,
  IndicatorValue,
  ValueListQuery,
  ValuePage,
  ValueQueueQuery,
} from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { indicatorsKey } from '../../../lib/indicator-series';
import { unwrap } from '../../../lib/problem';

export const valuesKey = ['values'] as const;

export function useIndicators(query: IndicatorListQuery, enabled = true) {
  return useQuery({
    queryKey: [...indicatorsKey, 'list', query],
    enabled,
    queryFn: async ({ signal }): Promise<IndicatorPage> => unwrap(await apiClient.GET('/api/v1/indicators', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useIndicator(id: string | undefined) {
  return useQuery({
    queryKey: [...indicatorsKey, 'detail', id ?? ''],
    enabled: Boolean(id),
    queryFn: async ({ signal }): Promise<Indicator> =>
      unwrap(await apiClient.GET('/api/v1/indicators/{id}', { params: { path: { id: id ?? '' } }, signal })),
  });
}

export function useValues(indicatorId: string | undefined, query: ValueListQuery) {
  return useQuery({
    queryKey: [...valuesKey, 'indicator', indicatorId ?? '', query],
    enabled: Boolean(indicatorId),
    queryFn: async ({ signal }): Promise<ValuePage> =>
      unwrap(await apiClient.GET('/api/v1/indicators/{id}/values', { params: { path: { id: indicatorId ?? '' }, query }, signal })),
    placeholderData: keepPreviousData,
  });
}

/** `GET /values`: with `status=submitted`, the approvals queue of the caller's subtree. */
export function useValueQueue(query: ValueQueueQuery) {
  return useQuery({
    queryKey: [...valuesKey, 'queue', query],
    queryFn: async ({ signal }): Promise<ValuePage> => unwrap(await apiClient.GET('/api/v1/values', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

/**
 * Display names of the users the caller may see (its subtree), for "submitted by". Users elsewhere
 * (or a caller not allowed to list users) simply have no name here.
 */
export function useUserNames(enabled = true) {
  return useQuery({
    queryKey: ['users', 'names'],
    enabled,
    queryFn: async ({ signal }) => {
      const { data, response } = await apiClient.GET('/api/v1/users', { params: { query: { limit: 500 } }, signal });
      return new Map((response.ok && data ? data.items : []).map((u) => [u.id, u.display_name]));
    },
    staleTime: 5 * 60_000,
  });
}

/** A value change moves the queue, the tables, the series (approved figures), linked task progress and the dashboard figures. */
const refreshAfterChange = (queryClient: QueryClient) =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: valuesKey }),
    queryClient.invalidateQueries({ queryKey: indicatorsKey }),
    queryClient.invalidateQueries({ queryKey: ['tasks'] }),
    queryClient.invalidateQueries({ queryKey: ['resolutions'] }),
    queryClient.invalidateQueries({ queryKey: ['dashboard'] }),
  ]);

export function useCreateValue(indicatorId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateValueBody) =>
      unwrap(await apiClient.POST('/api/v1/indicators/{id}/values', { params: { path: { id: indicatorId } }, body })) satisfies IndicatorValue,
    onSuccess: () => refreshAfterChange(queryClient),
  });
}

export type ValueAction = { kind: 'submit' | 'approve'; id: string } | { kind: 'return'; id: string; reason: string };

/** Submit, approve or return one value. */
export function useValueAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (action: ValueAction) => {
      const path = { id: action.id };
      switch (action.kind) {
        case 'submit':
          return unwrap(await apiClient.POST('/api/v1/values/{id}/submit', { params: { path } })) satisfies IndicatorValue;
        case 'approve':
          return unwrap(await apiClient.POST('/api/v1/values/{id}/approve', { params: { path } })) satisfies IndicatorValue;
        case 'return':
          return unwrap(await apiClient.POST('/api/v1/values/{id}/return', { params: { path }, body: { reason: action.reason } })) satisfies IndicatorValue;
      }
    },
    onSuccess: () => refreshAfterChange(queryClient),
  });
}

export type BulkDecision = { kind: 'approve'; ids: string[] } | { kind: 'return'; ids: string[]; reason: string };

/**
 * Approve or return many submitted figures at once (`POST /values/approve|return`): all or nothing.
 * A 409 `bulk_refused` names each refused figure as `ids[i]` of the ids sent (see bulk-refusal.ts).
 */
export function useBulkDecision() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (decision: BulkDecision): Promise<ValuePage> =>
      decision.kind === 'approve'
        ? unwrap(await apiClient.POST('/api/v1/values/approve', { body: { ids: decision.ids } }))
        : unwrap(await apiClient.POST('/api/v1/values/return', { body: { ids: decision.ids, reason: decision.reason } })),
    onSuccess: () => refreshAfterChange(queryClient),
  });
}
