import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Alert, AlertEvaluation, AlertListQuery, AlertPage } from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { unwrap } from '../../../lib/problem';

export const alertsKey = ['alerts'] as const;

export function useAlerts(query: AlertListQuery) {
  return useQuery({
    queryKey: [...alertsKey, 'list', query],
    queryFn: async ({ signal }): Promise<AlertPage> => unwrap(await apiClient.GET('/api/v1/alerts', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useAcknowledgeAlert() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string): Promise<Alert> =>
      unwrap(await apiClient.POST('/api/v1/alerts/{id}/acknowledge', { params: { path: { id } } })),
    // Also after a refusal (409 alert_acknowledged: someone was quicker), so the list shows the alert as it is.
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: alertsKey }), queryClient.invalidateQueries({ queryKey: ['dashboard'] })]),
  });
}

export function useEvaluateAlerts() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (): Promise<AlertEvaluation> => unwrap(await apiClient.POST('/api/v1/alerts/evaluate', {})),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: alertsKey }), queryClient.invalidateQueries({ queryKey: ['dashboard'] })]),
  });
}
