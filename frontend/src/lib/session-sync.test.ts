import createClient from 'openapi-fetch';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TokenPair } from '../api/models';
import type { paths } from '../api/schema';
import { createAuthMiddleware } from './auth-middleware';
import { SessionStore } from './session';
import { connectTabs, type TabChannel, type TabLocks, type TabSessionSync } from './session-sync';

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
}

/** One origin's BroadcastChannel: a message reaches every other channel, later (as in a browser). */
function fakeBus() {
  const channels = new Set<{ deliver: (data: unknown) => void }>();
  return {
    open(): TabChannel {
      const listeners: ((event: MessageEvent) => void)[] = [];
      const self = { deliver: (data: unknown) => listeners.forEach((l) => l({ data } as MessageEvent)) };
      channels.add(self);
      return {
        postMessage: (message) => {
          const copy: unknown = structuredClone(message);
          for (const c of channels) if (c !== self) setTimeout(() => channels.has(c) && c.deliver(copy), 1);
        },
        addEventListener: (_type, listener) => void listeners.push(listener),
        close: () => void channels.delete(self),
      };
    },
  };
}

/** One origin's Web Locks: exclusive locks queue, shared ones are held together. */
function fakeLocks(): TabLocks {
  const tails = new Map<string, Promise<unknown>>();
  const held: { name: string }[] = [];
  return {
    request<T>(name: string, options: { mode: 'exclusive' | 'shared' }, callback: () => Promise<T>): Promise<T> {
      const run = async () => {
        const entry = { name };
        held.push(entry);
        try {
          return await callback();
        } finally {
          held.splice(held.indexOf(entry), 1);
        }
      };
      if (options.mode === 'shared') return run();
      const result = (tails.get(name) ?? Promise.resolve()).then(run, run);
      tails.set(name, result.catch(() => undefined));
      return result;
    },
    query: () => Promise.resolve({ held: [...held] }),
  };
}

const pair = (n: number, enrol = false): TokenPair => ({
  access_token: `access-${n}`,
  refresh_token: `refresh-${n}`,
  token_type: 'Bearer',
  expires_in: 900,
  second_factor_enrolment_required: enrol,
});

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/**
 * A fake server that rotates refresh tokens like the real one: the current refresh token works once, any
 * other revokes the session; only the newest access token is accepted.
 */
function fakeServer() {
  let n = 1;
  let validAccess: string | null = 'access-1';
  let revoked = false;
  const refresh = vi.fn(async (token: string): Promise<TokenPair | null> => {
    await new Promise((r) => setTimeout(r, 5));
    if (revoked || token !== `refresh-${n}`) {
      revoked = true;
      return null;
    }
    n += 1;
    validAccess = `access-${n}`;
    return pair(n);
  });
  const fetch = vi.fn((request: Request) => {
    const ok = !revoked && validAccess !== null && request.headers.get('Authorization') === `Bearer ${validAccess}`;
    return Promise.resolve(ok ? json(200, { ok: true }) : json(401, { status: 401 }));
  });
  return {
    refresh,
    fetch,
    /** The access token expires: the next request gets 401 until a refresh. */
    expire: () => void (validAccess = null),
    get revoked() {
      return revoked;
    },
  };
}

const opened: TabSessionSync[] = [];
afterEach(() => {
  opened.splice(0).forEach((t) => t.close());
  vi.useRealTimers();
});

function browser() {
  const bus = fakeBus();
  const locks = fakeLocks();
  const tab = (storage = memoryStorage()) => {
    const store = new SessionStore(storage);
    const sync = connectTabs(store, { channel: bus.open(), locks, answerTimeoutMs: 300 });
    opened.push(sync);
    return { store, sync, storage };
  };
  return { tab, bus };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('tabs share one session', () => {
  it('a new tab adopts the signed-in tab\'s session, with the enrol-only flag', async () => {
    const { tab } = browser();
    const first = tab();
    await first.sync.ready;
    first.store.start(pair(1, true));

    const second = tab();
    expect(second.store.getSnapshot().restoring).toBe(true); // the guard waits, no login page yet
    await second.sync.ready;

    expect(second.store.getSnapshot()).toEqual({ authenticated: true, endReason: null, enrolmentRequired: true, restoring: false });
    expect(second.store.getAccessToken()).toBe('access-1');
    expect(second.store.getRefreshToken()).toBe('refresh-1');
    expect(second.store.getSessionId()).toBe(first.store.getSessionId());

    // The enrolment done in the first tab opens the app in the second too.
    first.store.completeEnrolment();
    await settle();
    expect(second.store.getSnapshot().enrolmentRequired).toBe(false);
  });

  it('without another tab, or with only signed-out ones, the new tab shows the login page', async () => {
    const { tab } = browser();
    const alone = tab();
    await alone.sync.ready;
    expect(alone.store.getSnapshot()).toMatchObject({ authenticated: false, restoring: false });

    const other = tab();
    await other.sync.ready;
    expect(other.store.getSnapshot()).toMatchObject({ authenticated: false, restoring: false });
  });

  it('a tab that does not answer delays the login page by the timeout only', async () => {
    const bus = fakeBus();
    const locks = fakeLocks();
    // A tab that holds the presence lock but never answers (frozen).
    void locks.request('restrack.tab', { mode: 'shared' }, () => new Promise(() => undefined));
    const store = new SessionStore(memoryStorage());
    const started = Date.now();
    const sync = connectTabs(store, { channel: bus.open(), locks, answerTimeoutMs: 50 });
    opened.push(sync);
    await sync.ready;
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(store.getSnapshot()).toMatchObject({ authenticated: false, restoring: false });
  });

  it('every tab adopts a renewal, and never goes back to an older pair', async () => {
    const { tab, bus } = browser();
    const a = tab();
    await a.sync.ready;
    a.store.start(pair(1));
    const b = tab();
    await b.sync.ready;

    a.store.setTokens(pair(2));
    await settle();
    expect(b.store.getAccessToken()).toBe('access-2');
    expect(b.store.getRefreshToken()).toBe('refresh-2');
    expect(b.store.getGeneration()).toBe(1);

    // A late copy of the first pair is ignored: its refresh token has been used.
    bus.open().postMessage({ type: 'tokens', session: { id: a.store.getSessionId(), generation: 0, accessToken: 'access-1', refreshToken: 'refresh-1', enrolmentRequired: false } });
    await settle();
    expect(b.store.getRefreshToken()).toBe('refresh-2');
    expect(a.store.getRefreshToken()).toBe('refresh-2');
  });

  it('a reloaded tab takes the newest pair from the others instead of its stored (rotated) refresh token', async () => {
    const { tab } = browser();
    const a = tab();
    await a.sync.ready;
    a.store.start(pair(1));
    const b = tab();
    await b.sync.ready;
    // B is reloaded: only its sessionStorage survives; meanwhile A renewed.
    const storage = b.storage;
    b.sync.close();
    a.store.setTokens(pair(2));
    storage.setItem('restrack.refresh_token', 'refresh-1'); // as a duplicated tab could hold
    storage.setItem('restrack.session_generation', '0');
    const reloaded = tab(storage);
    expect(reloaded.store.getAccessToken()).toBeNull();
    await reloaded.sync.catchUp();
    expect(reloaded.store.getAccessToken()).toBe('access-2');
    expect(reloaded.store.getRefreshToken()).toBe('refresh-2');
  });

  it('signing out in one tab signs every tab out; an expiry ends only the tabs of that login', async () => {
    const { tab } = browser();
    const a = tab();
    await a.sync.ready;
    a.store.start(pair(1));
    const b = tab();
    await b.sync.ready;
    const c = tab();
    await c.sync.ready;
    expect(c.store.getSnapshot().authenticated).toBe(true);

    // C logs in separately (another login): A's expiry does not end it.
    c.store.start(pair(7));
    await settle();
    expect(a.store.getRefreshToken()).toBe('refresh-1'); // a different login is not adopted by a signed-in tab
    a.store.end('expired');
    await settle();
    expect(b.store.getSnapshot()).toMatchObject({ authenticated: false, endReason: 'expired' });
    expect(c.store.getSnapshot().authenticated).toBe(true);

    // A sign-out ends everything, and the tokens are gone from every tab's storage.
    c.store.end('logged_out');
    await settle();
    for (const t of [a, b, c]) expect(t.store.getRefreshToken()).toBeNull();
    expect(c.store.getSnapshot().endReason).toBe('logged_out');
    expect(b.store.getSnapshot().endReason).toBe('expired'); // already signed out: keeps its reason
  });

  it('a password change in one tab signs the others out with that reason', async () => {
    const { tab } = browser();
    const a = tab();
    await a.sync.ready;
    a.store.start(pair(1));
    const b = tab();
    await b.sync.ready;
    a.store.end('password_changed');
    await settle();
    expect(b.store.getSnapshot()).toMatchObject({ authenticated: false, endReason: 'password_changed' });
  });
});

describe('tabs renew one at a time', () => {
  function tabClient(t: { store: SessionStore; sync: TabSessionSync }, server: ReturnType<typeof fakeServer>) {
    const client = createClient<paths>({ baseUrl: 'http://api.test', fetch: server.fetch });
    const onSessionExpired = vi.fn();
    client.use(createAuthMiddleware({ session: t.store, refresh: server.refresh, onSessionExpired, tabs: t.sync }));
    return { client, onSessionExpired };
  }

  it('two tabs whose access token expired at once make one refresh call, and both go on', async () => {
    const { tab } = browser();
    const server = fakeServer();
    const a = tab();
    await a.sync.ready;
    a.store.start(pair(1));
    const b = tab();
    await b.sync.ready;
    const ca = tabClient(a, server);
    const cb = tabClient(b, server);

    server.expire(); // access-1 is refused now; refresh-1 gives the next pair
    const results = await Promise.all([ca.client.GET('/api/v1/me'), cb.client.GET('/api/v1/me'), ca.client.GET('/api/v1/users')]);

    expect(results.map((r) => r.response.status)).toEqual([200, 200, 200]);
    expect(server.refresh).toHaveBeenCalledTimes(1);
    expect(server.revoked).toBe(false);
    expect(a.store.getRefreshToken()).toBe(b.store.getRefreshToken());
    expect(ca.onSessionExpired).not.toHaveBeenCalled();
    expect(cb.onSessionExpired).not.toHaveBeenCalled();
  });

  it('a tab that renews after another uses the newest refresh token, never a rotated one', async () => {
    const { tab } = browser();
    const server = fakeServer();
    const a = tab();
    await a.sync.ready;
    a.store.start(pair(1));
    const b = tab();
    await b.sync.ready;
    const ca = tabClient(a, server);
    const cb = tabClient(b, server);

    // Each access token expires (minutes later in life: the renewal's broadcast has arrived meanwhile).
    for (const c of [ca, cb, ca, cb]) {
      await settle();
      server.expire();
      expect((await c.client.GET('/api/v1/me')).response.status).toBe(200);
    }

    expect(server.refresh.mock.calls.map(([token]) => token)).toEqual(['refresh-1', 'refresh-2', 'refresh-3', 'refresh-4']);
    expect(server.revoked).toBe(false);
  });

  it('a new tab opened from a link calls the API with the shared token, without a refresh', async () => {
    const { tab } = browser();
    const server = fakeServer();
    const a = tab();
    await a.sync.ready;
    a.store.start(pair(1));
    const b = tab();
    await b.sync.ready;
    const cb = tabClient(b, server);
    expect((await cb.client.GET('/api/v1/me')).response.status).toBe(200);
    expect(server.refresh).not.toHaveBeenCalled();
  });
});
