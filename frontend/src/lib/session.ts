import type { TokenPair } from '../api/models';

/** Why the session ended; the login page explains it to the user. */
export type SessionEndReason = 'logged_out' | 'expired' | 'password_changed';

export interface SessionSnapshot {
  authenticated: boolean;
  endReason: SessionEndReason | null;
  /**
   * The user's role requires a second factor it has not enrolled yet: the server lets this session reach
   * only `GET /me`, `/me/totp…` and the logout, so the app shows nothing but the enrolment page.
   */
  enrolmentRequired: boolean;
}

const REFRESH_TOKEN_KEY = 'restrack.refresh_token';
const ENROLMENT_KEY = 'restrack.enrolment_required';

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
    const authenticated = this.storage.getItem(REFRESH_TOKEN_KEY) !== null;
    this.snapshot = { authenticated, endReason: null, enrolmentRequired: authenticated && this.storage.getItem(ENROLMENT_KEY) !== null };
  }

  getAccessToken(): string | null {
    return this.accessToken;
  }

  getRefreshToken(): string | null {
    return this.storage.getItem(REFRESH_TOKEN_KEY);
  }

  /** Login and refresh: the pair says whether the session is an enrol-only one. */
  setTokens(pair: Pick<TokenPair, 'access_token' | 'refresh_token'> & Partial<Pick<TokenPair, 'second_factor_enrolment_required'>>): void {
    this.accessToken = pair.access_token;
    this.storage.setItem(REFRESH_TOKEN_KEY, pair.refresh_token);
    const enrolmentRequired = pair.second_factor_enrolment_required === true;
    this.rememberEnrolment(enrolmentRequired);
    this.publish({ authenticated: true, endReason: null, enrolmentRequired });
  }

  /** The user confirmed a second factor: the server made this session a full one. */
  completeEnrolment(): void {
    this.rememberEnrolment(false);
    if (this.snapshot.enrolmentRequired) this.publish({ ...this.snapshot, enrolmentRequired: false });
  }

  end(reason: SessionEndReason): void {
    this.accessToken = null;
    this.storage.removeItem(REFRESH_TOKEN_KEY);
    this.rememberEnrolment(false);
    this.publish({ authenticated: false, endReason: reason, enrolmentRequired: false });
  }

  private rememberEnrolment(required: boolean): void {
    if (required) this.storage.setItem(ENROLMENT_KEY, '1');
    else this.storage.removeItem(ENROLMENT_KEY);
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
    const same = next.authenticated === this.snapshot.authenticated && next.endReason === this.snapshot.endReason && next.enrolmentRequired === this.snapshot.enrolmentRequired;
    if (same) return;
    this.snapshot = next;
    this.listeners.forEach((l) => l());
  }
}

const memoryStorage = (): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> => {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
};

export const session = new SessionStore(typeof sessionStorage === 'undefined' ? memoryStorage() : sessionStorage);
