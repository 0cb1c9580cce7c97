import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditQuery } from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { unwrap } from '../../../lib/problem';

export function useAuditLog(query: AuditQuery) {
  return useQuery({
    queryKey: ['audit', query],
    queryFn: async ({ signal }) => unwrap(await apiClient.GET('/api/v1/audit', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}
