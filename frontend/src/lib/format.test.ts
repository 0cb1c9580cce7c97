import { describe, expect, it } from 'vitest';
import { formatValue } from './format';
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
