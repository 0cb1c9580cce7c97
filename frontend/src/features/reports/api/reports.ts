import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateScheduleBody, ReportRunPage, ReportSchedule, ReportSchedulePage, ResolutionPage, UserPage } from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { unwrap } from '../../../lib/problem';

export const schedulesKey = ['report-schedules'] as const;

/** The scheduled reports of the caller's subtree, newest first. */
export function useSchedules() {
  return useQuery({
    queryKey: [...schedulesKey, 'list'],
    queryFn: async ({ signal }): Promise<ReportSchedulePage> =>
      unwrap(await apiClient.GET('/api/v1/report-schedules', { params: { query: { limit: 500 } }, signal })),
  });
}

/** The reports one schedule produced, newest period first. */
export function useScheduleRuns(scheduleId: string | undefined) {
  return useQuery({
    queryKey: [...schedulesKey, 'runs', scheduleId],
    enabled: Boolean(scheduleId),
    queryFn: async ({ signal }): Promise<ReportRunPage> =>
      unwrap(await apiClient.GET('/api/v1/report-schedules/{id}/runs', { params: { path: { id: scheduleId ?? '' } }, signal })),
  });
}

export function useCreateSchedule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateScheduleBody): Promise<ReportSchedule> => unwrap(await apiClient.POST('/api/v1/report-schedules', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: schedulesKey }),
  });
}

export function useDeleteSchedule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      unwrap(await apiClient.DELETE('/api/v1/report-schedules/{id}', { params: { path: { id } } }));
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: schedulesKey }),
  });
}

/** The resolutions the user may see, for the scope. */
export function useReportResolutions() {
  return useQuery({
    queryKey: ['resolutions', 'list', { limit: 500 }],
    queryFn: async ({ signal }): Promise<ResolutionPage> =>
      unwrap(await apiClient.GET('/api/v1/resolutions', { params: { query: { limit: 500 } }, signal })),
    staleTime: 60_000,
  });
}

/** The people the caller may list, as the recipients to choose from (the server decides who may receive). */
export function useRecipientCandidates(enabled: boolean) {
  return useQuery({
    queryKey: ['users', 'list', { limit: 500 }],
    enabled,
    queryFn: async ({ signal }): Promise<UserPage> => unwrap(await apiClient.GET('/api/v1/users', { params: { query: { limit: 500 } }, signal })),
    staleTime: 60_000,
  });
}
