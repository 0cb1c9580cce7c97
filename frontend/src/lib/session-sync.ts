import type { SessionEndReason, SessionStore, SharedSession } from './session';

/**
 * One browser, one session: the tabs of this origin share the session through a BroadcastChannel,
 * memory to memory (never localStorage), and renew it one at a time.
 *
 * - A tab without a session (a link opened in a new tab) asks the others; a signed-in tab answers with
 *   its pair. Without an answer the tab shows the login page as before.
 * - Every renewal, login, enrolment and end is broadcast, so all tabs hold the newest pair of the login.
 * - Renewals are serialised across tabs (Web Lock `restrack.refresh`); the tab that gets the lock first
 *   asks the others for their newest pair, and renews only when nobody renewed meanwhile. So no refresh
 *   token is ever sent twice: the server revokes the whole session when one is replayed.
 * - Signing out and a password change end every tab; an expired session ends the tabs of that login.
 *
 * Where the browser lacks Web Locks (or BroadcastChannel) the tabs share nothing, as before.
 */

/** The part of a BroadcastChannel used here. */
export interface TabChannel {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  close(): void;
}

/** The part of `navigator.locks` used here. */
export interface TabLocks {
  request<T>(name: string, options: { mode: 'exclusive' | 'shared' }, callback: () => Promise<T>): Promise<T>;
  query(): Promise<{ held?: { name?: string }[] }>;
}

/** What the auth middleware needs to renew without two tabs ever renewing with the same token. */
export interface RefreshCoordinator {
  /** Runs `task` while no other tab renews. */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
  /** Takes the newest pair of this login that another tab holds (nothing when alone). */
  catchUp(): Promise<void>;
}

/** A single tab: nothing to coordinate. */
export const aloneCoordinator: RefreshCoordinator = { exclusive: (task) => task(), catchUp: () => Promise.resolve() };

type Message =
  | { type: 'ask'; from: string; nonce: string }
  | { type: 'answer'; to: string; nonce: string; session: SharedSession | null }
  | { type: 'tokens'; session: SharedSession }
  | { type: 'ended'; id: string | null; reason: SessionEndReason };

export const CHANNEL_NAME = 'restrack.session';
export const REFRESH_LOCK = 'restrack.refresh';
/** Held (shared) by every open tab for its lifetime: the number of holders is the number of tabs. */
const PRESENCE_LOCK = 'restrack.tab';

export interface TabSessionSync extends RefreshCoordinator {
  /** Resolves once a tab that started without a session has its answer (a session or none). */
  ready: Promise<void>;
  /** Leaves the group (tests; a closing tab leaves by itself). */
  close(): void;
}

const isShared = (value: unknown): value is SharedSession => {
  const s = value as SharedSession | null;
  return (
    typeof s === 'object' && s !== null && typeof s.id === 'string' && typeof s.generation === 'number' &&
    typeof s.refreshToken === 'string' && (s.accessToken === null || typeof s.accessToken === 'string') && typeof s.enrolmentRequired === 'boolean'
  );
};

export function connectTabs(
  store: SessionStore,
  { channel, locks, answerTimeoutMs = 300 }: { channel: TabChannel; locks: TabLocks; answerTimeoutMs?: number },
): TabSessionSync {
  const tabId = crypto.getRandomValues(new Uint32Array(4)).join('-');
  const waiting = new Map<string, { answer: (session: SharedSession | null) => void; done: () => void }>();
  let closed = false;

  let leave: () => void = () => undefined;
  const present = new Promise<void>((granted) => {
    void locks.request(PRESENCE_LOCK, { mode: 'shared' }, () => {
      granted();
      return closed ? Promise.resolve() : new Promise<void>((release) => (leave = release));
    });
  });

  const post = (message: Message) => {
    if (!closed) channel.postMessage(message);
  };

  /** Whether `candidate` is newer than what this tab holds (any session when it has none). */
  const isNewer = (candidate: SharedSession): boolean => {
    const id = store.getSessionId();
    if (id === null) return true;
    if (candidate.id !== id) return false;
    const generation = store.getGeneration();
    return candidate.generation > generation || (candidate.generation === generation && store.getAccessToken() === null && candidate.accessToken !== null);
  };

  const take = (candidate: SharedSession) => {
    if (isNewer(candidate)) store.adopt(candidate);
  };

  /** How many other tabs are open (the presence lock's holders, less this tab). */
  const peers = async (): Promise<number> => {
    await present;
    const held = (await locks.query()).held ?? [];
    return Math.max(0, held.filter((l) => l.name === PRESENCE_LOCK).length - 1);
  };

  /** Asks every other tab for its session; resolves with the answers (or what came within the timeout). */
  const ask = async (): Promise<SharedSession[]> => {
    const expected = await peers();
    if (expected === 0 || closed) return [];
    const nonce = crypto.getRandomValues(new Uint32Array(2)).join('-');
    return new Promise((resolve) => {
      const sessions: SharedSession[] = [];
      let answers = 0;
      const done = () => {
        clearTimeout(timer);
        waiting.delete(nonce);
        resolve(sessions);
      };
      const timer = setTimeout(done, answerTimeoutMs);
      waiting.set(nonce, {
        answer: (session) => {
          answers += 1;
          if (session) sessions.push(session);
          if (answers >= expected) done();
        },
        done,
      });
      post({ type: 'ask', from: tabId, nonce });
    });
  };

  const catchUp = async (): Promise<void> => {
    const sessions = await ask();
    // With no session of its own the tab takes the first login offered, then the newest pair of it.
    const id = store.getSessionId() ?? sessions[0]?.id;
    const newest = sessions.filter((s) => s.id === id).sort((a, b) => b.generation - a.generation)[0];
    if (newest) take(newest);
  };

  channel.addEventListener('message', (event: MessageEvent) => {
    const m = event.data as Message;
    if (closed || typeof m !== 'object' || m === null) return;
    switch (m.type) {
      case 'ask':
        if (m.from !== tabId) post({ type: 'answer', to: m.from, nonce: m.nonce, session: store.exportShared() });
        break;
      case 'answer':
        if (m.to === tabId) waiting.get(m.nonce)?.answer(isShared(m.session) ? m.session : null);
        break;
      case 'tokens':
        if (isShared(m.session)) take(m.session);
        break;
      case 'ended': {
        // Signing out (or a changed password) signs this browser out; an expiry ends that login only.
        const ours = m.id !== null && m.id === store.getSessionId();
        if (ours || m.reason !== 'expired') store.endFromPeer(m.reason);
        break;
      }
    }
  });

  const unsubscribe = store.onEvent((event) => {
    if (event.kind === 'tokens') post({ type: 'tokens', session: event.session });
    else post({ type: 'ended', id: event.id, reason: event.reason });
  });

  let ready: Promise<void> = Promise.resolve();
  if (store.getSessionId() === null) {
    store.beginRestore();
    ready = catchUp()
      .catch(() => undefined)
      .finally(() => store.finishRestore());
  }

  return {
    ready,
    catchUp,
    exclusive: (task) => locks.request(REFRESH_LOCK, { mode: 'exclusive' }, task),
    close: () => {
      closed = true;
      unsubscribe();
      waiting.forEach((w) => w.done());
      channel.close();
      leave();
    },
  };
}

/** This browser's tabs, when it has what sharing safely needs (BroadcastChannel and Web Locks). */
export function connectBrowserTabs(store: SessionStore): TabSessionSync | null {
  if (typeof BroadcastChannel === 'undefined' || typeof navigator === 'undefined' || !('locks' in navigator) || !navigator.locks) return null;
  const lockManager = navigator.locks;
  return connectTabs(store, {
    channel: new BroadcastChannel(CHANNEL_NAME),
    locks: {
      request: <T,>(name: string, options: { mode: 'exclusive' | 'shared' }, callback: () => Promise<T>) => lockManager.request(name, options, () => callback()) as Promise<T>,
      query: () => lockManager.query(),
    },
  });
}
