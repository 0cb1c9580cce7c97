import { describe, expect, it } from 'vitest';
import { en } from './en';
import { translator } from './i18n';
import { vi } from './vi';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the dictionaries', () => {
  it('have the same keys in Vietnamese and English, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const [key, text] of Object.entries(vi)) expect(text, key).toMatch(/\S/);
    for (const [key, text] of Object.entries(en)) expect(text, key).toMatch(/\S/);
  });

  it('use the same placeholders in both languages', () => {
    const viDict: Record<string, string> = vi;
    const mismatched = Object.entries(en).filter(([key, text]) => JSON.stringify(placeholders(text)) !== JSON.stringify(placeholders(viDict[key] ?? '')));
    expect(mismatched.map(([key]) => key)).toEqual([]);
  });

  it('fill placeholders', () => {
    expect(translator('vi')('reports.progressRange')).toBe('Tiến độ phải từ 0 đến 100 %');
    expect(translator('en')('reports.progressRange')).toBe('Progress must be between 0 and 100 %');
  });
});
