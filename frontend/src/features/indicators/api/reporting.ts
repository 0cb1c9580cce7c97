import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { GrantUnlockBody, PutCalendarBody, ReportingCalendar, Unlock, UnlockPage } from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { indicatorsKey } from '../../../lib/indicator-series';
import { unwrap } from '../../../lib/problem';
import { valuesKey } from './indicators';

const calendarKey = (id: string) => [...indicatorsKey, 'calendar', id] as const;
const unlocksKey = (id: string) => [...indicatorsKey, 'unlocks', id] as const;

/** The indicator's reporting calendar and the deadlines of its recent periods. */
export function useCalendar(indicatorId: string | undefined) {
  return useQuery({
    queryKey: calendarKey(indicatorId ?? ''),
    enabled: Boolean(indicatorId),
    queryFn: async ({ signal }): Promise<ReportingCalendar> =>
      unwrap(await apiClient.GET('/api/v1/indicators/{id}/calendar', { params: { path: { id: indicatorId ?? '' } }, signal })),
  });
}

/** A calendar moves every figure's deadline and lock, and the to-do list. */
function useCalendarChange<V>(indicatorId: string, run: (v: V) => Promise<ReportingCalendar>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (calendar) => {
      queryClient.setQueryData(calendarKey(indicatorId), calendar);
      return queryClient.invalidateQueries({ queryKey: valuesKey });
    },
  });
}

export function usePutCalendar(indicatorId: string) {
  return useCalendarChange(indicatorId, async (body: PutCalendarBody) =>
    unwrap(await apiClient.PUT('/api/v1/indicators/{id}/calendar', { params: { path: { id: indicatorId } }, body })),
  );
}

export function useDeleteCalendar(indicatorId: string) {
  return useCalendarChange(indicatorId, async (_: void) =>
    unwrap(await apiClient.DELETE('/api/v1/indicators/{id}/calendar', { params: { path: { id: indicatorId } } })),
  );
}

/** The unlocks granted on the indicator's series the caller sees, newest first. */
export function useUnlocks(indicatorId: string | undefined) {
  return useQuery({
    queryKey: unlocksKey(indicatorId ?? ''),
    enabled: Boolean(indicatorId),
    queryFn: async ({ signal }): Promise<UnlockPage> =>
      unwrap(await apiClient.GET('/api/v1/indicators/{id}/unlocks', { params: { path: { id: indicatorId ?? '' } }, signal })),
  });
}

/** Opens a locked period of one series until `open_until`: its figures lose their lock. */
export function useGrantUnlock(indicatorId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: GrantUnlockBody): Promise<Unlock> =>
      unwrap(await apiClient.POST('/api/v1/indicators/{id}/unlocks', { params: { path: { id: indicatorId } }, body })),
    onSuccess: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: unlocksKey(indicatorId) }), queryClient.invalidateQueries({ queryKey: valuesKey })]),
  });
}
