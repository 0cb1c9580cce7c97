import { describe, expect, it } from 'vitest';
import { defaultKeyRoles, keyRoleChoices, keyState } from './api-key-rules';

const now = new Date('2026-11-23T12:00:00Z');

describe('api key rules', () => {
  it('tells active, expired and revoked keys apart', () => {
    expect(keyState({ active: true, revoked_at: null, expires_at: null }, now)).toBe('active');
    expect(keyState({ active: true, revoked_at: null, expires_at: '2027-01-01T00:00:00Z' }, now)).toBe('active');
    expect(keyState({ active: true, revoked_at: null, expires_at: '2026-11-01T00:00:00Z' }, now)).toBe('expired');
    expect(keyState({ active: false, revoked_at: '2026-11-02T00:00:00Z', expires_at: '2026-11-01T00:00:00Z' }, now)).toBe('revoked');
  });

  it('offers only the roles a new key may get, and reporter by default when offered', () => {
    expect(keyRoleChoices(['viewer', 'reporter', 'planner'])).toEqual(['planner', 'reporter', 'viewer']);
    expect(keyRoleChoices(undefined)).toEqual([]);
    expect(defaultKeyRoles(['planner', 'reporter'])).toEqual(['reporter']);
    expect(defaultKeyRoles(['viewer'])).toEqual([]);
  });
});
