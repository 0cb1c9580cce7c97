import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NotificationSettings, PutNotificationSettingsBody } from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { unwrap } from '../../../lib/problem';

/** How the user's notifications reach them by e-mail (`/me/notification-settings`). */
const settingsKey = ['notifications', 'settings'] as const;

export function useNotificationSettings() {
  return useQuery({
    queryKey: settingsKey,
    queryFn: async ({ signal }): Promise<NotificationSettings> => unwrap(await apiClient.GET('/api/v1/me/notification-settings', { signal })),
  });
}

export function usePutNotificationSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: PutNotificationSettingsBody): Promise<NotificationSettings> =>
      unwrap(await apiClient.PUT('/api/v1/me/notification-settings', { body })),
    onSuccess: (settings) => queryClient.setQueryData(settingsKey, settings),
  });
}
