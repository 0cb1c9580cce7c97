import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatNumber, formatPercent, formatValue } from './format';
import { translator } from './i18n/i18n';

describe('indicator values', () => {
  it('formats values for the locale and the type', () => {
    const vi = translator('vi');
    expect(formatValue(86.5, 'percent', '%', 'vi', vi)).toBe('86,5%');
    expect(formatValue(1250.5, 'number', 'ha', 'vi', vi)).toBe('1.250,5 ha');
    expect(formatValue(1250.5, 'number', 'ha', 'en', translator('en'))).toBe('1,250.5 ha');
    expect(formatValue(1, 'boolean', '', 'vi', vi)).toBe('Có');
    expect(formatValue(0, 'boolean', '', 'en', translator('en'))).toBe('No');
    expect(formatValue(null, 'number', '', 'vi', vi)).toBe('—');
  });
});

describe('dates and numbers in each language', () => {
  it('writes dates dd/mm/yyyy in Vietnamese and D MMM YYYY in English', () => {
    expect(formatDate('2026-11-16', 'vi')).toBe('16/11/2026');
    expect(formatDate('2026-11-16', 'en')).toBe('16 Nov 2026');
    expect(formatDateTime('2026-11-16T03:05:00', 'vi')).toBe('16/11/2026 03:05');
    expect(formatDateTime('2026-11-16T03:05:00', 'en')).toBe('16 Nov 2026, 03:05');
    expect(formatDate(null, 'vi')).toBe('—');
  });

  it('uses the decimal comma in Vietnamese and the point in English', () => {
    expect(formatNumber(1250.5, 'vi')).toBe('1.250,5');
    expect(formatNumber(1250.5, 'en')).toBe('1,250.5');
    expect(formatPercent(32.94, 'vi')).toBe('32,9%');
    expect(formatPercent(32.94, 'en')).toBe('32.9%');
  });
});
