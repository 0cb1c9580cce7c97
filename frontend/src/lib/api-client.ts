import createClient from 'openapi-fetch';
import type { paths } from '../api/schema';
import { createAuthMiddleware } from './auth-middleware';
import { session } from './session';

/** Unauthenticated client for login/refresh: no middleware, so it can never loop. */
export const authClient = createClient<paths>({ baseUrl: '' });

/** The typed client every feature uses; it carries and renews the session. */
export const apiClient = createClient<paths>({ baseUrl: '' });

apiClient.use(
  createAuthMiddleware({
    session,
    refresh: async (refreshToken) => {
      const { data } = await authClient.POST('/api/v1/auth/refresh', { body: { refresh_token: refreshToken } });
      return data ?? null;
    },
    // The router reacts to the session snapshot; nothing else to do here.
    onSessionExpired: () => undefined,
  }),
);
