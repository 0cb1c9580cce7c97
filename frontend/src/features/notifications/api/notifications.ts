import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NotificationPage } from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { unwrap } from '../../../lib/problem';

export const notificationsKey = ['notifications'] as const;
/** How often the bell asks for the unread count (and on every return to the tab). */
export const UNREAD_POLL_MS = 60_000;
/** How many of the latest notifications the bell lists. */
export const BELL_LIMIT = 10;

/** The bell's count: the `unread` of a one-row page of unread notifications, polled every minute. */
export function useUnreadCount() {
  return useQuery({
    queryKey: [...notificationsKey, 'unread'],
    queryFn: async ({ signal }): Promise<number> =>
      unwrap(await apiClient.GET('/api/v1/me/notifications', { params: { query: { unread: true, limit: 1 } }, signal })).unread,
    refetchInterval: UNREAD_POLL_MS,
    refetchOnWindowFocus: true,
  });
}

/** The latest notifications, read or not, while the bell is open. */
export function useLatestNotifications(enabled: boolean) {
  return useQuery({
    queryKey: [...notificationsKey, 'latest'],
    enabled,
    queryFn: async ({ signal }): Promise<NotificationPage> =>
      unwrap(await apiClient.GET('/api/v1/me/notifications', { params: { query: { limit: BELL_LIMIT } }, signal })),
  });
}

/** Marks some notifications read (`ids`), or all of them (no ids); answers the new unread count. */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (ids?: string[]): Promise<number> =>
      unwrap(await apiClient.POST('/api/v1/me/notifications/read', { body: ids ? { ids } : {} })).unread,
    onSuccess: (unread) => {
      queryClient.setQueryData([...notificationsKey, 'unread'], unread);
      return queryClient.invalidateQueries({ queryKey: [...notificationsKey, 'latest'] });
    },
  });
}
