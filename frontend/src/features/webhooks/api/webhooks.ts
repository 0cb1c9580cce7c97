import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateWebhookBody, NewWebhook, WebhookDelivery, WebhookDeliveryPage, WebhookPage } from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { unwrap } from '../../../lib/problem';

export const webhooksKey = ['webhooks'] as const;

/** The webhooks of one API key (at most 10 per key: one page holds them all). */
export function useWebhooks(apiKeyId: string) {
  return useQuery({
    queryKey: [...webhooksKey, 'list', apiKeyId],
    queryFn: async ({ signal }): Promise<WebhookPage> =>
      unwrap(await apiClient.GET('/api/v1/webhooks', { params: { query: { api_key_id: apiKeyId, limit: 100 } }, signal })),
  });
}

export function useCreateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateWebhookBody): Promise<NewWebhook> => unwrap(await apiClient.POST('/api/v1/webhooks', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhooksKey }),
  });
}

export function useDeleteWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string): Promise<void> => {
      unwrap(await apiClient.DELETE('/api/v1/webhooks/{id}', { params: { path: { id } } }));
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhooksKey }),
  });
}

/** One page of a webhook's delivery log, newest first as the server sends it. */
export function useWebhookDeliveries(webhookId: string, page: { limit: number; offset: number }) {
  return useQuery({
    queryKey: [...webhooksKey, 'deliveries', webhookId, page],
    queryFn: async ({ signal }): Promise<WebhookDeliveryPage> =>
      unwrap(await apiClient.GET('/api/v1/webhooks/{id}/deliveries', { params: { path: { id: webhookId }, query: page }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useRedeliver(webhookId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (deliveryId: string): Promise<WebhookDelivery> =>
      unwrap(await apiClient.POST('/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver', { params: { path: { id: webhookId, delivery_id: deliveryId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...webhooksKey, 'deliveries', webhookId] }),
  });
}
