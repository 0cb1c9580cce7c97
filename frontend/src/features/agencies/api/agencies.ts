import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Agency, AgencyLineage, CreateAgencyBody, MergeReport, SplitReport, SplitRequest, UndoMergeReport, UpdateAgencyBody } from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { unwrap } from '../../../lib/problem';

/** An agency together with the ETag that a later PATCH must send as If-Match. */
export interface VersionedAgency {
  agency: Agency;
  etag: string;
}

export const agencyKey = (id: string) => ['agencies', 'detail', id] as const;
const agencyAsOfKey = (id: string, asOf: string) => ['agencies', 'detail', id, 'as-of', asOf] as const;

const versioned = (result: { data?: Agency; error?: unknown; response: Response }): VersionedAgency => ({
  agency: unwrap(result),
  etag: result.response.headers.get('ETag') ?? '',
});

/**
 * One agency; with `asOf` (`YYYY-MM-DD`) as it was at the end of that day — then without an ETag
 * (a past state is not editable) and 404 if it did not exist yet.
 */
export function useAgency(id: string | undefined, asOf?: string | null) {
  return useQuery({
    queryKey: asOf ? agencyAsOfKey(id ?? '', asOf) : agencyKey(id ?? ''),
    enabled: Boolean(id),
    queryFn: async ({ signal }) =>
      versioned(
        await apiClient.GET('/api/v1/agencies/{id}', {
          params: { path: { id: id ?? '' }, query: asOf ? { as_of: asOf } : undefined },
          signal,
        }),
      ),
  });
}

export function useCreateAgency() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateAgencyBody) => unwrap(await apiClient.POST('/api/v1/agencies', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['agencies'] }),
  });
}

export function useUpdateAgency() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, etag, body }: { id: string; etag: string; body: UpdateAgencyBody }) =>
      versioned(
        await apiClient.PATCH('/api/v1/agencies/{id}', {
          params: { path: { id }, header: { 'If-Match': etag } },
          body,
        }),
      ),
    onSuccess: async (updated) => {
      queryClient.setQueryData(agencyKey(updated.agency.id), updated);
      await queryClient.invalidateQueries({ queryKey: ['agencies', 'tree'] });
    },
  });
}

/** `POST /agencies/{id}/merge`: with `dryRun`, what would move and the overlapping figures, changing nothing. */
export function useMergeAgency() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, intoId, dryRun }: { id: string; intoId: string; dryRun: boolean }): Promise<MergeReport> =>
      unwrap(await apiClient.POST('/api/v1/agencies/{id}/merge', { params: { path: { id }, query: { dry_run: dryRun } }, body: { into_id: intoId } })),
    onSuccess: async (report) => {
      if (!report.dry_run) await queryClient.invalidateQueries({ queryKey: ['agencies'] });
    },
  });
}

/**
 * `POST /agencies/{id}/split`: with `dryRun`, which successor takes the open work and what moves, changing
 * nothing. 422 names `successors`, `successors[i].agency_id`, `successors[i].share` or `effective_on`.
 */
export function useSplitAgency() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, body, dryRun }: { id: string; body: SplitRequest; dryRun: boolean }): Promise<SplitReport> =>
      unwrap(await apiClient.POST('/api/v1/agencies/{id}/split', { params: { path: { id }, query: { dry_run: dryRun } }, body })),
    onSuccess: async (report) => {
      if (!report.dry_run) await queryClient.invalidateQueries({ queryKey: ['agencies'] });
    },
  });
}

/** `GET /agencies/{id}/lineage`: what the agency came from and went into (merges and splits, with shares). */
export function useAgencyLineage(id: string | undefined) {
  return useQuery({
    queryKey: ['agencies', 'lineage', id ?? ''],
    enabled: Boolean(id),
    queryFn: async ({ signal }): Promise<AgencyLineage> =>
      unwrap(await apiClient.GET('/api/v1/agencies/{id}/lineage', { params: { path: { id: id ?? '' } }, signal })),
  });
}

/** `POST /agencies/{id}/dissolve`: 409 `still_open` names what is still open; nothing changes then. */
export function useDissolveAgency() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string): Promise<Agency> =>
      unwrap(await apiClient.POST('/api/v1/agencies/{id}/dissolve', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['agencies'] }),
  });
}

/** `POST /agencies/{id}/merge/undo` (administrators): 409 `written_since` or `not_merged` when it cannot. */
export function useUndoMerge() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string): Promise<UndoMergeReport> =>
      unwrap(await apiClient.POST('/api/v1/agencies/{id}/merge/undo', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['agencies'] }),
  });
}

/**
 * `DELETE /agencies/{id}` with the ETag of the last read: only an agency entered by mistake (409
 * `has_children`, `has_users`, `still_referenced` otherwise; reorganisations merge or dissolve).
 */
export function useDeleteAgency() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, etag }: { id: string; etag: string }): Promise<void> => {
      unwrap(await apiClient.DELETE('/api/v1/agencies/{id}', { params: { path: { id }, header: { 'If-Match': etag } } }));
    },
    // Not awaited: the page moves the selection off the deleted agency first, so that nothing asks for it again.
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['agencies', 'tree'] }),
  });
}
