import { describe, expect, it } from 'vitest';
import { SessionStore } from './session';

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
}

const pair = (enrol: boolean) => ({ access_token: 'a', refresh_token: 'r', second_factor_enrolment_required: enrol });

describe('SessionStore and the enrol-only session', () => {
  it('takes the flag from the token pair, keeps it across a reload of the tab, and drops it after the enrolment', () => {
    const storage = memoryStorage();
    const store = new SessionStore(storage);
    store.setTokens(pair(true));
    expect(store.getSnapshot()).toEqual({ authenticated: true, endReason: null, enrolmentRequired: true, restoring: false });
    // A reload keeps only the refresh token and this flag; the refresh that follows restates it.
    expect(new SessionStore(storage).getSnapshot().enrolmentRequired).toBe(true);
    store.completeEnrolment();
    expect(store.getSnapshot().enrolmentRequired).toBe(false);
    expect(new SessionStore(storage).getSnapshot().enrolmentRequired).toBe(false);
  });

  it('sets the flag again when a refresh says so, and forgets it when the session ends', () => {
    const storage = memoryStorage();
    const store = new SessionStore(storage);
    store.setTokens(pair(false));
    expect(store.getSnapshot().enrolmentRequired).toBe(false);
    store.setTokens(pair(true));
    expect(store.getSnapshot().enrolmentRequired).toBe(true);
    store.end('logged_out');
    expect(store.getSnapshot()).toEqual({ authenticated: false, endReason: 'logged_out', enrolmentRequired: false, restoring: false });
    expect(new SessionStore(storage).getSnapshot().enrolmentRequired).toBe(false);
  });
});
