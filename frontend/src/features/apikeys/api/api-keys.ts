import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiKeyPage, CreateApiKeyBody, NewApiKey } from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { unwrap } from '../../../lib/problem';

export const apiKeysKey = ['api-keys'] as const;

export function useApiKeys() {
  return useQuery({
    queryKey: [...apiKeysKey, 'list'],
    queryFn: async ({ signal }): Promise<ApiKeyPage> => unwrap(await apiClient.GET('/api/v1/api-keys', { params: { query: { limit: 500 } }, signal })),
  });
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateApiKeyBody): Promise<NewApiKey> => unwrap(await apiClient.POST('/api/v1/api-keys', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeysKey }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string): Promise<void> => {
      unwrap(await apiClient.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } }));
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeysKey }),
  });
}
