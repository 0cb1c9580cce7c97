import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateUserBody, UpdateUserBody, UserListQuery } from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { unwrap } from '../../../lib/problem';

export const usersKey = (query: UserListQuery) => ['users', 'list', query] as const;

export function useUsers(query: UserListQuery) {
  return useQuery({
    queryKey: usersKey(query),
    queryFn: async ({ signal }) => unwrap(await apiClient.GET('/api/v1/users', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateUserBody) => unwrap(await apiClient.POST('/api/v1/users', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, body }: { id: string; body: UpdateUserBody }) =>
      unwrap(await apiClient.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}

/** Ends every session of a login; answers how many were ended. */
export function useEndUserSessions() {
  return useMutation({
    mutationFn: async (id: string): Promise<number> =>
      unwrap(await apiClient.DELETE('/api/v1/users/{id}/sessions', { params: { path: { id } } })).ended,
  });
}

/** Resets a login's second factor (its sessions end too). */
export function useResetUserTotp() {
  return useMutation({
    mutationFn: async (id: string) => {
      unwrap(await apiClient.DELETE('/api/v1/users/{id}/totp', { params: { path: { id } } }));
    },
  });
}
