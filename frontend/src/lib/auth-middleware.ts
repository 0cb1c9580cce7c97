import type { Middleware } from 'openapi-fetch';
import type { TokenPair } from '../api/models';
import type { SessionStore } from './session';
import { aloneCoordinator, type RefreshCoordinator } from './session-sync';

export interface AuthMiddlewareOptions {
  session: SessionStore;
  /** Exchanges a refresh token for a new pair; resolves null when the server rejects it. */
  refresh: (refreshToken: string) => Promise<TokenPair | null>;
  /** Called once the session cannot be renewed; the app then shows the login page. */
  onSessionExpired: () => void;
  /** The browser's other tabs (`session-sync.ts`): renewals one at a time, with the newest pair. */
  tabs?: RefreshCoordinator;
}

/** Endpoints that must never carry a bearer token nor trigger a refresh. */
const PUBLIC_PATHS = /\/auth\/(login|refresh)$/;
const LOGOUT_PATH = /\/auth\/logout$/;

/**
 * Attaches the access token and, when the server answers 401, renews the session ONCE and retries
 * the request. Concurrent 401s share a single refresh call, because the server rotates refresh
 * tokens: a second refresh with the same token would fail and log the user out. Across tabs the
 * renewal runs under `tabs.exclusive`, and first takes whatever pair another tab renewed meanwhile.
 */
export function createAuthMiddleware({ session, refresh, onSessionExpired, tabs = aloneCoordinator }: AuthMiddlewareOptions): Middleware {
  let inflight: Promise<boolean> | null = null;
  const retryCopies = new Map<string, Request>();

  /** Renews the session unless it already has an access token other than `failed` (the refused one). */
  const refreshOnce = (failed: string | null): Promise<boolean> => {
    if (!inflight) {
      const renewedMeanwhile = () => {
        const now = session.getAccessToken();
        return now !== null && now !== failed;
      };
      inflight = tabs
        .exclusive(async () => {
          if (renewedMeanwhile()) return true;
          try {
            await tabs.catchUp();
            if (renewedMeanwhile()) return true;
            const token = session.getRefreshToken();
            if (!token) return false;
            const pair = await refresh(token);
            if (!pair) return false;
            session.setTokens(pair);
            return true;
          } catch {
            return false;
          }
        })
        .catch(() => false)
        .finally(() => {
          inflight = null;
        });
    }
    return inflight;
  };

  const expire = () => {
    // Another tab may have ended it already (a sign-out): keep its reason.
    if (session.getSnapshot().authenticated) session.end('expired');
    onSessionExpired();
  };

  const withToken = (request: Request, token: string | null): Request => {
    if (!token) return request;
    const headers = new Headers(request.headers);
    headers.set('Authorization', `Bearer ${token}`);
    return new Request(request, { headers });
  };

  return {
    async onRequest({ request, schemaPath, id }) {
      if (PUBLIC_PATHS.test(schemaPath)) return undefined;
      // After a page reload only the refresh token survives: renew before the first call.
      if (!session.getAccessToken() && session.getRefreshToken() && !LOGOUT_PATH.test(schemaPath)) {
        await refreshOnce(null);
      }
      const authed = withToken(request, session.getAccessToken());
      if (!LOGOUT_PATH.test(schemaPath)) retryCopies.set(id, authed.clone());
      return authed;
    },

    async onResponse({ request, response, id, options }) {
      const copy = retryCopies.get(id);
      retryCopies.delete(id);
      if (response.status !== 401 || !copy) return undefined;

      // Another request may already have renewed the session while this one was in flight.
      const sentWith = request.headers.get('Authorization');
      const current = session.getAccessToken();
      const renewed = current !== null && sentWith !== `Bearer ${current}` ? true : await refreshOnce(current);
      if (!renewed) {
        expire();
        return undefined;
      }
      const retried = await options.fetch(withToken(copy, session.getAccessToken()));
      if (retried.status === 401) expire();
      return retried;
    },

    onError({ id }) {
      retryCopies.delete(id);
      return undefined;
    },
  };
}
