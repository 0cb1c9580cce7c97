import createClient from 'openapi-fetch';
import type { paths } from '../api/schema';
import { createAuthMiddleware } from './auth-middleware';
import { session } from './session';
import { connectBrowserTabs } from './session-sync';

/** The other tabs of this browser, which share this session (null where the browser cannot do it safely). */
export const tabs = connectBrowserTabs(session);

/** Unauthenticated client for login/refresh: no middleware, so it can never loop. */
export const authClient = createClient<paths>({ baseUrl: '' });

/** The typed client every feature uses; it carries and renews the session. */
export const apiClient = createClient<paths>({ baseUrl: '' });

apiClient.use(
  createAuthMiddleware({
    session,
    tabs: tabs ?? undefined,
    refresh: async (refreshToken) => {
      const { data } = await authClient.POST('/api/v1/auth/refresh', { body: { refresh_token: refreshToken } });
      return data ?? null;
    },
    // The router reacts to the session snapshot; nothing else to do here.
    onSessionExpired: () => undefined,
  }),
);
