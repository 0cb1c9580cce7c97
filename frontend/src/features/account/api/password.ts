import { useMutation } from '@tanstack/react-query';
import type { ChangePasswordBody } from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { unwrap } from '../../../lib/problem';

/** On success the server has revoked every session of the user, including this one. */
export function useChangePassword() {
  return useMutation({
    mutationFn: async (body: ChangePasswordBody) => {
      unwrap(await apiClient.POST('/api/v1/me/password', { body }));
    },
  });
}
