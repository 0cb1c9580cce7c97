import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AgencyBrief, AgencyBriefPage } from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { unwrap } from '../../../lib/problem';

const sectorHeadsKey = ['agencies', 'sector-heads'] as const;

/** `GET /sector-heads?q=`: who may head an agency's sector line (ministries first, then the caller's departments). */
export function useSectorHeads(q: string, enabled = true) {
  const query = { q: q.trim() || undefined, limit: 50 };
  return useQuery({
    queryKey: [...sectorHeadsKey, 'search', query],
    enabled,
    queryFn: async ({ signal }): Promise<AgencyBriefPage> => unwrap(await apiClient.GET('/api/v1/sector-heads', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

/** `GET /sector-heads?id=`: names the form's current head; null when the caller may not name it. */
export function useSectorHead(id: string | null | undefined) {
  return useQuery({
    queryKey: [...sectorHeadsKey, 'one', id ?? ''],
    enabled: Boolean(id),
    queryFn: async ({ signal }): Promise<AgencyBrief | null> => {
      const page = unwrap(await apiClient.GET('/api/v1/sector-heads', { params: { query: { id: id ?? '' } }, signal }));
      return page.items.find((a) => a.id === id) ?? null;
    },
  });
}
