import { describe, expect, it } from 'vitest';
import type { AgencyKind } from '../../../api/models';
import { validateEvidenceUrl, validateValue, writableAgencies, type Actor } from './value-rules';

// Hà Nội (province) with two communes; the owner (a ministry) is above and outside the subtree.
const agencies: { id: string; kind: AgencyKind }[] = [
  { id: 'HN', kind: 'province' },
  { id: 'BADINH', kind: 'commune' },
  { id: 'HOANKIEM', kind: 'commune' },
];
const scopeOf = (root: string) => {
  const list = root === 'HN' ? agencies : agencies.filter((a) => a.id === root);
  const map = new Map(list.map((a) => [a.id, a]));
  return { has: (id: string) => map.has(id), values: () => map.values() };
};
const actor = (agencyId: string, roles: string[], userId = 'u-' + agencyId): Actor => ({ userId, agencyId, roles, scope: scopeOf(agencyId) });

type Def = Parameters<typeof writableAgencies>[1];
const def = (patch: Partial<Def> = {}): Def => ({
  group: 'output',
  owner_agency_id: 'MINISTRY',
  reporting_agency_ids: [],
  reporting_agency_kind: null,
  source_agency_id: null,
  ...patch,
});

describe('who writes a series', () => {
  it('each reporting agency of the kind writes its own figures, and only its reporters', () => {
    const communes = def({ reporting_agency_kind: 'commune' });
    expect(writableAgencies(actor('BADINH', ['reporter']), communes)).toEqual(['BADINH']);
    expect(writableAgencies(actor('HN', ['reporter']), communes)).toEqual([]); // not a commune
    expect(writableAgencies(actor('BADINH', ['approver', 'planner']), communes)).toEqual([]);
    expect(writableAgencies(actor('HN', ['admin']), communes)).toEqual([]); // admins never author data
  });

  it('an explicit list or the owner alone', () => {
    expect(writableAgencies(actor('HOANKIEM', ['reporter']), def({ reporting_agency_ids: ['HOANKIEM'] }))).toEqual(['HOANKIEM']);
    expect(writableAgencies(actor('BADINH', ['reporter']), def({ reporting_agency_ids: ['HOANKIEM'] }))).toEqual([]);
    expect(writableAgencies(actor('HN', ['reporter']), def({ owner_agency_id: 'HN' }))).toEqual(['HN']);
    expect(writableAgencies(actor('BADINH', ['reporter']), def({ owner_agency_id: 'HN' }))).toEqual([]);
  });

  it('a source agency writes every series, and the reporting agencies then write none', () => {
    const stats = def({ reporting_agency_kind: 'commune', source_agency_id: 'HN' });
    expect(writableAgencies(actor('HN', ['reporter']), stats)).toEqual(['BADINH', 'HOANKIEM']);
    expect(writableAgencies(actor('BADINH', ['reporter']), stats)).toEqual([]);
    expect(writableAgencies(actor('HN', ['reporter']), def({ source_agency_id: 'HN', reporting_agency_ids: ['BADINH'] }))).toEqual(['BADINH']);
    expect(writableAgencies(actor('HN', ['reporter']), def({ source_agency_id: 'HN', owner_agency_id: 'HN' }))).toEqual(['HN']);
  });

  it('composite values are computed, never written', () => {
    expect(writableAgencies(actor('BADINH', ['reporter']), def({ group: 'composite', reporting_agency_kind: 'commune' }))).toEqual([]);
  });
});

describe('value validation per type', () => {
  it('percent 0–100, boolean 0 or 1, numbers finite', () => {
    expect(validateValue('percent', 0)).toBeNull();
    expect(validateValue('percent', 100)).toBeNull();
    expect(validateValue('percent', 100.5)).toBe('entry.percentRange');
    expect(validateValue('percent', -1)).toBe('entry.percentRange');
    expect(validateValue('boolean', 1)).toBeNull();
    expect(validateValue('boolean', 0)).toBeNull();
    expect(validateValue('boolean', 2)).toBe('entry.booleanRange');
    expect(validateValue('boolean', undefined)).toBe('entry.booleanRange');
    expect(validateValue('number', -12.5)).toBeNull();
    expect(validateValue('number', 1e9)).toBeNull();
    expect(validateValue('number', Number.NaN)).toBe('entry.notFinite');
    expect(validateValue('number', Number.POSITIVE_INFINITY)).toBe('entry.notFinite');
    expect(validateValue('number', null)).toBe('entry.notFinite');
  });

  it('evidence is empty or an http(s) link', () => {
    expect(validateEvidenceUrl(undefined)).toBeNull();
    expect(validateEvidenceUrl('  ')).toBeNull();
    expect(validateEvidenceUrl('https://dichvucong.gov.vn/bao-cao/2026-q4.pdf')).toBeNull();
    expect(validateEvidenceUrl('ftp://x.vn/a')).toBe('entry.badUrl');
    expect(validateEvidenceUrl('bao-cao.pdf')).toBe('entry.badUrl');
  });
});
