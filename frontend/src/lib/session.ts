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
  /**
   * A tab without a session of its own is asking the browser's other tabs for theirs (`session-sync.ts`):
   * the route guard waits instead of sending the user to the login page.
   */
  restoring: boolean;
}

/**
 * The session as the tabs of one browser hand it to each other. `id` names the login (made up by the tab
 * that logged in, never sent to the server); `generation` grows with every renewal, so a tab keeps the
 * newest pair of its login and never goes back to an older (already rotated) refresh token.
 */
export interface SharedSession {
  id: string;
  generation: number;
  accessToken: string | null;
  refreshToken: string;
  enrolmentRequired: boolean;
}

/** What this tab changed, for the other tabs (`session-sync.ts` broadcasts it). */
export type SessionEvent = { kind: 'tokens'; session: SharedSession } | { kind: 'ended'; id: string | null; reason: SessionEndReason };

type TokenInput = Pick<TokenPair, 'access_token' | 'refresh_token'> & Partial<Pick<TokenPair, 'second_factor_enrolment_required'>>;

const REFRESH_TOKEN_KEY = 'restrack.refresh_token';
const ENROLMENT_KEY = 'restrack.enrolment_required';
const SESSION_ID_KEY = 'restrack.session_id';
const GENERATION_KEY = 'restrack.session_generation';

const randomId = (): string => {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
};

/**
 * Holds the tokens: the access token only in memory (never persisted, so XSS cannot read it from
 * storage after a reload), the refresh token in sessionStorage so a reload of the tab keeps the user
 * signed in while closing the tab ends the session. Other tabs of the browser get the pair only through
 * `session-sync.ts` (memory to memory), never through persistent storage.
 */
export class SessionStore {
  private accessToken: string | null = null;
  private snapshot: SessionSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly eventListeners = new Set<(event: SessionEvent) => void>();

  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>) {
    const authenticated = this.storage.getItem(REFRESH_TOKEN_KEY) !== null;
    // A tab signed in before sessions had an id gets one (its own, so it never adopts another's pair).
    if (authenticated && this.storage.getItem(SESSION_ID_KEY) === null) {
      this.storage.setItem(SESSION_ID_KEY, randomId());
      this.storage.setItem(GENERATION_KEY, '0');
    }
    this.snapshot = {
      authenticated,
      endReason: null,
      enrolmentRequired: authenticated && this.storage.getItem(ENROLMENT_KEY) !== null,
      restoring: false,
    };
  }

  getAccessToken(): string | null {
    return this.accessToken;
  }

  getRefreshToken(): string | null {
    return this.storage.getItem(REFRESH_TOKEN_KEY);
  }

  /** The login this tab's tokens belong to (null without a session). */
  getSessionId(): string | null {
    return this.getRefreshToken() === null ? null : this.storage.getItem(SESSION_ID_KEY);
  }

  getGeneration(): number {
    return Number(this.storage.getItem(GENERATION_KEY) ?? '0') || 0;
  }

  /** A login: a new session, told to the other tabs. */
  start(pair: TokenInput): void {
    this.storage.setItem(SESSION_ID_KEY, randomId());
    this.storage.setItem(GENERATION_KEY, '0');
    this.store(pair.access_token, pair.refresh_token, pair.second_factor_enrolment_required === true);
    this.emit({ kind: 'tokens', session: this.exportShared()! });
  }

  /** A refresh: the next pair of the same session (a login when there was none), told to the other tabs. */
  setTokens(pair: TokenInput): void {
    if (this.getSessionId() === null) {
      this.start(pair);
      return;
    }
    this.storage.setItem(GENERATION_KEY, String(this.getGeneration() + 1));
    this.store(pair.access_token, pair.refresh_token, pair.second_factor_enrolment_required === true);
    this.emit({ kind: 'tokens', session: this.exportShared()! });
  }

  /** The user confirmed a second factor: the server made this session a full one (for every tab). */
  completeEnrolment(): void {
    const wasRequired = this.storage.getItem(ENROLMENT_KEY) !== null;
    this.rememberEnrolment(false);
    if (this.snapshot.enrolmentRequired) this.publish({ ...this.snapshot, enrolmentRequired: false });
    if (wasRequired && this.getSessionId() !== null) {
      this.storage.setItem(GENERATION_KEY, String(this.getGeneration() + 1));
      this.emit({ kind: 'tokens', session: this.exportShared()! });
    }
  }

  /** Ends the session here and, through `session-sync.ts`, in the other tabs. */
  end(reason: SessionEndReason): void {
    const id = this.getSessionId();
    this.clear(reason);
    this.emit({ kind: 'ended', id, reason });
  }

  /** The pair as handed to another tab; null without a session. */
  exportShared(): SharedSession | null {
    const refreshToken = this.getRefreshToken();
    const id = this.getSessionId();
    if (refreshToken === null || id === null) return null;
    return { id, generation: this.getGeneration(), accessToken: this.accessToken, refreshToken, enrolmentRequired: this.storage.getItem(ENROLMENT_KEY) !== null };
  }

  /** Takes the pair another tab holds (no event: it came from there). */
  adopt(shared: SharedSession): void {
    this.storage.setItem(SESSION_ID_KEY, shared.id);
    this.storage.setItem(GENERATION_KEY, String(shared.generation));
    this.store(shared.accessToken, shared.refreshToken, shared.enrolmentRequired);
  }

  /** Another tab ended the session (no event: it came from there). */
  endFromPeer(reason: SessionEndReason): void {
    if (this.snapshot.authenticated) this.clear(reason);
  }

  /** Waits for the other tabs' answer before deciding that there is no session (see `restoring`). */
  beginRestore(): void {
    if (!this.snapshot.authenticated && !this.snapshot.restoring) this.publish({ ...this.snapshot, restoring: true });
  }

  finishRestore(): void {
    if (this.snapshot.restoring) this.publish({ ...this.snapshot, restoring: false });
  }

  private store(accessToken: string | null, refreshToken: string, enrolmentRequired: boolean): void {
    this.accessToken = accessToken;
    this.storage.setItem(REFRESH_TOKEN_KEY, refreshToken);
    this.rememberEnrolment(enrolmentRequired);
    this.publish({ authenticated: true, endReason: null, enrolmentRequired, restoring: false });
  }

  private clear(reason: SessionEndReason): void {
    this.accessToken = null;
    this.storage.removeItem(REFRESH_TOKEN_KEY);
    this.storage.removeItem(SESSION_ID_KEY);
    this.storage.removeItem(GENERATION_KEY);
    this.rememberEnrolment(false);
    this.publish({ authenticated: false, endReason: reason, enrolmentRequired: false, restoring: false });
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

  /** This tab's own changes (login, renewal, enrolment, end), for the other tabs. */
  onEvent(listener: (event: SessionEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  private emit(event: SessionEvent): void {
    this.eventListeners.forEach((l) => l(event));
  }

  private publish(next: SessionSnapshot): void {
    const same =
      next.authenticated === this.snapshot.authenticated &&
      next.endReason === this.snapshot.endReason &&
      next.enrolmentRequired === this.snapshot.enrolmentRequired &&
      next.restoring === this.snapshot.restoring;
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
