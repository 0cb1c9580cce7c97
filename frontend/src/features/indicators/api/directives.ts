import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AnswerDirectiveBody, Directive, DirectivePage, IssueSeriesDirectiveBody } from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { indicatorsKey } from '../../../lib/indicator-series';
import { unwrap } from '../../../lib/problem';

/** Every list of the directives on an indicator's series (one series' or all of them) lives under this key. */
export const seriesDirectivesKey = (indicatorId: string) => [...indicatorsKey, 'directives', indicatorId] as const;

/**
 * `GET /indicators/{id}/directives`: the directives on one series (`agencyId`, a reporting agency), or
 * without it those on every series the caller sees, newest first.
 */
export function useSeriesDirectives(indicatorId: string | undefined, agencyId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: [...seriesDirectivesKey(indicatorId ?? ''), agencyId ?? 'all'],
    enabled: Boolean(indicatorId) && enabled,
    queryFn: async ({ signal }): Promise<DirectivePage> =>
      unwrap(
        await apiClient.GET('/api/v1/indicators/{id}/directives', {
          params: { path: { id: indicatorId ?? '' }, query: agencyId ? { agency_id: agencyId } : undefined },
          signal,
        }),
      ),
  });
}

/** After a step: every list of the indicator's directives (one series and all series) and the audit trail. */
function useRefreshDirectives(indicatorId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: seriesDirectivesKey(indicatorId) }),
      queryClient.invalidateQueries({ queryKey: ['audit'] }),
    ]);
}

export function useIssueSeriesDirective(indicatorId: string) {
  const refresh = useRefreshDirectives(indicatorId);
  return useMutation({
    mutationFn: async (body: IssueSeriesDirectiveBody): Promise<Directive> =>
      unwrap(await apiClient.POST('/api/v1/indicators/{id}/directives', { params: { path: { id: indicatorId } }, body })),
    onSuccess: refresh,
  });
}

export function useAnswerSeriesDirective(indicatorId: string) {
  const refresh = useRefreshDirectives(indicatorId);
  return useMutation({
    mutationFn: async ({ id, body }: { id: string; body: AnswerDirectiveBody }): Promise<Directive> =>
      unwrap(await apiClient.POST('/api/v1/directives/{id}/answer', { params: { path: { id } }, body })),
    onSuccess: refresh,
  });
}

export function useCloseSeriesDirective(indicatorId: string) {
  const refresh = useRefreshDirectives(indicatorId);
  return useMutation({
    mutationFn: async (id: string): Promise<Directive> => unwrap(await apiClient.POST('/api/v1/directives/{id}/close', { params: { path: { id } } })),
    onSuccess: refresh,
  });
}
