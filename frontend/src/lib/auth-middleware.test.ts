import createClient from 'openapi-fetch';
import { describe, expect, it, vi } from 'vitest';
import type { TokenPair } from '../api/models';
import type { paths } from '../api/schema';
import { createAuthMiddleware } from './auth-middleware';
import { SessionStore } from './session';

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
}

const pair = (n: number): TokenPair => ({ access_token: `access-${n}`, refresh_token: `refresh-${n}`, token_type: 'Bearer', expires_in: 900, second_factor_enrolment_required: false });

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status < 400 ? 'application/json' : 'application/problem+json' } });

/** A fake API: /me answers 200 only to the currently valid access token. */
function fakeServer(validToken: () => string) {
  const seen: { url: string; auth: string | null; body: string }[] = [];
  const fetch = vi.fn(async (request: Request) => {
    const auth = request.headers.get('Authorization');
    seen.push({ url: new URL(request.url).pathname, auth, body: await request.clone().text() });
    if (auth !== `Bearer ${validToken()}`) return json(401, { type: 'about:blank', title: 'Unauthorized', status: 401 });
    return json(200, { ok: true });
  });
  return { fetch, seen };
}

function setup(options: { refresh?: (token: string) => Promise<TokenPair | null>; valid?: string } = {}) {
  const session = new SessionStore(memoryStorage());
  let valid = options.valid ?? 'access-2';
  const server = fakeServer(() => valid);
  const refresh = vi.fn(
    options.refresh ??
      (async (token: string) => {
        await new Promise((r) => setTimeout(r, 10));
        expect(token).toBe('refresh-1');
        return pair(2);
      }),
  );
  const onSessionExpired = vi.fn();
  const client = createClient<paths>({ baseUrl: 'http://api.test', fetch: server.fetch });
  client.use(createAuthMiddleware({ session, refresh, onSessionExpired }));
  return { session, server, refresh, onSessionExpired, client, setValid: (t: string) => (valid = t) };
}

describe('auth middleware', () => {
  it('sends the access token as a bearer token', async () => {
    const { session, client, server, refresh } = setup({ valid: 'access-1' });
    session.setTokens(pair(1));
    const { response } = await client.GET('/api/v1/me');
    expect(response.status).toBe(200);
    expect(server.seen[0]?.auth).toBe('Bearer access-1');
    expect(refresh).not.toHaveBeenCalled();
  });

  it('shares one refresh between concurrent 401s and retries each request with the new token', async () => {
    const { session, client, server, refresh } = setup();
    session.setTokens(pair(1)); // access-1 has expired on the server; access-2 is what refresh returns

    const results = await Promise.all([
      client.GET('/api/v1/me'),
      client.GET('/api/v1/users', { params: { query: { limit: 5 } } }),
      client.POST('/api/v1/agencies', { body: { code: 'X', name: 'X', kind: 'other', parent_id: 'p' } }),
    ]);

    expect(results.map((r) => r.response.status)).toEqual([200, 200, 200]);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(session.getAccessToken()).toBe('access-2');
    expect(session.getRefreshToken()).toBe('refresh-2');
    const retries = server.seen.filter((s) => s.auth === 'Bearer access-2');
    expect(retries).toHaveLength(3);
    // The retried POST carries its original body.
    expect(retries.find((r) => r.url === '/api/v1/agencies')?.body).toContain('"code":"X"');
  });

  it('ends the session when the refresh is rejected, without retrying', async () => {
    const { session, client, server, refresh, onSessionExpired } = setup({ refresh: () => Promise.resolve(null) });
    session.setTokens(pair(1));

    const { response } = await client.GET('/api/v1/me');

    expect(response.status).toBe(401);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
    expect(session.getSnapshot()).toEqual({ authenticated: false, endReason: 'expired', enrolmentRequired: false, restoring: false });
    expect(session.getRefreshToken()).toBeNull();
    expect(server.seen).toHaveLength(1);
  });

  it('renews the access token first after a page reload (only the refresh token survives)', async () => {
    const storage = memoryStorage();
    storage.setItem('restrack.refresh_token', 'refresh-1');
    const session = new SessionStore(storage);
    const server = fakeServer(() => 'access-2');
    const refresh = vi.fn(() => Promise.resolve(pair(2)));
    const client = createClient<paths>({ baseUrl: 'http://api.test', fetch: server.fetch });
    client.use(createAuthMiddleware({ session, refresh, onSessionExpired: vi.fn() }));

    const { response } = await client.GET('/api/v1/me');

    expect(response.status).toBe(200);
    expect(server.seen.map((s) => s.auth)).toEqual(['Bearer access-2']);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('does not refresh for a failed login', async () => {
    const { client, refresh, onSessionExpired } = setup();
    const { response } = await client.POST('/api/v1/auth/login', { body: { username: 'a', password: 'b' } });
    expect(response.status).toBe(401);
    expect(refresh).not.toHaveBeenCalled();
    expect(onSessionExpired).not.toHaveBeenCalled();
  });

  it('ends the session when the retried request is still unauthorised', async () => {
    const { session, client, onSessionExpired, setValid } = setup();
    setValid('never-valid');
    session.setTokens(pair(1));
    const { response } = await client.GET('/api/v1/me');
    expect(response.status).toBe(401);
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
    expect(session.getSnapshot().authenticated).toBe(false);
  });
});
