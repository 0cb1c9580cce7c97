import type { TokenPair } from '../api/models';

/** Why the session ended; the login page explains it to the user. */
export type SessionEndReason = 'logged_out' | 'expired' | 'password_changed';

export interface SessionSnapshot {
  authenticated: boolean;
  endReason: SessionEndReason | null;
}

const REFRESH_TOKEN_KEY = 'restrack.refresh_token';

/**
 * Holds the tokens: the access token only in memory (never persisted, so XSS cannot read it from
 * storage after a reload), the refresh token in sessionStorage so a reload of the tab keeps the user
 * signed in while closing the tab ends the session.
 */
export class SessionStore {
  private accessToken: string | null = null;
  private snapshot: SessionSnapshot;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>) {
    this.snapshot = { authenticated: this.storage.getItem(REFRESH_TOKEN_KEY) !== null, endReason: null };
  }

  getAccessToken(): string | null {
    return this.accessToken;
  }

  getRefreshToken(): string | null {
    return this.storage.getItem(REFRESH_TOKEN_KEY);
  }

  setTokens(pair: Pick<TokenPair, 'access_token' | 'refresh_token'>): void {
    this.accessToken = pair.access_token;
    this.storage.setItem(REFRESH_TOKEN_KEY, pair.refresh_token);
    this.publish({ authenticated: true, endReason: null });
  }

  end(reason: SessionEndReason): void {
    this.accessToken = null;
    this.storage.removeItem(REFRESH_TOKEN_KEY);
    this.publish({ authenticated: false, endReason: reason });
  }

  /** Forget why the last session ended (after the login page has shown it). */
  acknowledgeEnd(): void {
    if (this.snapshot.endReason !== null) this.publish({ ...this.snapshot, endReason: null });
  }

  getSnapshot = (): SessionSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private publish(next: SessionSnapshot): void {
    if (next.authenticated === this.snapshot.authenticated && next.endReason === this.snapshot.endReason) return;
    this.snapshot = next;
    this.listeners.forEach((l) => l());
  }
}

const memoryStorage = (): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> => {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
};

export const session = new SessionStore(typeof sessionStorage === 'undefined' ? memoryStorage() : sessionStorage);
