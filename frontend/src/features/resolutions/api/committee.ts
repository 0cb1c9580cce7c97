import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AgencyBriefPage, AgencyKind, Committee, SetCommitteeBody } from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { unwrap } from '../../../lib/problem';
import { resolutionsKey } from './resolutions';

// Under the resolution keys: whatever refreshes the resolution refreshes its committee too.
export const committeeKey = (resolutionId: string) => [...resolutionsKey, 'committee', resolutionId] as const;

/** `GET /resolutions/{id}/committee`: the standing agency and the members, with their names. */
export function useCommittee(resolutionId: string | undefined) {
  return useQuery({
    queryKey: committeeKey(resolutionId ?? ''),
    enabled: Boolean(resolutionId),
    queryFn: async ({ signal }): Promise<Committee> =>
      unwrap(await apiClient.GET('/api/v1/resolutions/{id}/committee', { params: { path: { id: resolutionId ?? '' } }, signal })),
  });
}

/** `GET /resolutions/{id}/committee/candidates`: the agencies that may sit on the committee (only for its editors). */
export function useCommitteeCandidates(resolutionId: string, q: string, kind?: AgencyKind) {
  const query = { q: q.trim() || undefined, kind, limit: 50 };
  return useQuery({
    queryKey: [...committeeKey(resolutionId), 'candidates', query],
    queryFn: async ({ signal }): Promise<AgencyBriefPage> =>
      unwrap(await apiClient.GET('/api/v1/resolutions/{id}/committee/candidates', { params: { path: { id: resolutionId }, query }, signal })),
    placeholderData: keepPreviousData,
  });
}

/**
 * `PUT /resolutions/{id}/committee`: replaces the whole committee. 422 names `standing_agency_id` or
 * `member_agency_ids[i]`; 409 `resolution_closed` for a closed resolution.
 */
export function useSetCommittee(resolutionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: SetCommitteeBody): Promise<Committee> =>
      unwrap(await apiClient.PUT('/api/v1/resolutions/{id}/committee', { params: { path: { id: resolutionId } }, body })),
    onSuccess: async (saved) => {
      queryClient.setQueryData(committeeKey(resolutionId), saved);
      // The standing agency acts as the owner: the resolution's and its tasks' actions may change.
      await Promise.all([queryClient.invalidateQueries({ queryKey: resolutionsKey }), queryClient.invalidateQueries({ queryKey: ['tasks'] })]);
    },
  });
}
