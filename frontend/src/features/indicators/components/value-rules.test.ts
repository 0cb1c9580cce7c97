import { describe, expect, it } from 'vitest';
import { validateEvidenceUrl, validateValue } from './value-rules';

// Hà Nội (province) with two communes; the owner (a ministry) is above and outside the subtree.
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
