import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TotpEnrolment, TotpStatus } from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { unwrap } from '../../../lib/problem';

/** The caller's second factor (`/me/totp`). */
export const totpKey = ['me', 'totp'] as const;

export function useTotpStatus() {
  return useQuery({
    queryKey: totpKey,
    queryFn: async ({ signal }): Promise<TotpStatus> => unwrap(await apiClient.GET('/api/v1/me/totp', { signal })),
  });
}

/** A new secret (and its QR code) waiting for the confirmation; the server asks the current password first. */
export function useStartTotp() {
  return useMutation({
    mutationFn: async (currentPassword: string): Promise<TotpEnrolment> =>
      unwrap(await apiClient.POST('/api/v1/me/totp', { body: { current_password: currentPassword } })),
  });
}

/** Confirms the enrolment with a code of the app; answers the ten recovery codes, shown once. */
export function useConfirmTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (code: string): Promise<string[]> =>
      unwrap(await apiClient.POST('/api/v1/me/totp/confirm', { body: { code } })).recovery_codes,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: totpKey }),
  });
}

export function useDisableTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (current_password: string) => {
      unwrap(await apiClient.POST('/api/v1/me/totp/disable', { body: { current_password } }));
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: totpKey }),
  });
}
