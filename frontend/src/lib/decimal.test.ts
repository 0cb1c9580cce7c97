import { describe, expect, it } from 'vitest';
import { decimalText, isPeriod, parseDecimal } from './decimal';

describe('parseDecimal', () => {
  it('reads a decimal comma or point and a minus', () => {
    expect(parseDecimal('12,5')).toBe(12.5);
    expect(parseDecimal(' 12.5 ')).toBe(12.5);
    expect(parseDecimal('-3')).toBe(-3);
    expect(parseDecimal('0')).toBe(0);
  });

  it('refuses what is not a plain number instead of guessing', () => {
    for (const text of ['abc', '', '1.2.3', '1,234.5', '1e3', '12a', '--1', ',5']) expect(parseDecimal(text), text).toBeNull();
  });
});

describe('decimalText', () => {
  it('writes a decimal comma in Vietnamese', () => {
    expect(decimalText(12.5, 'vi')).toBe('12,5');
    expect(decimalText(12.5, 'en')).toBe('12.5');
    expect(decimalText(null, 'vi')).toBe('');
  });
});

describe('isPeriod', () => {
  it('accepts the periods the API accepts', () => {
    for (const p of ['2025', '2025-H1', '2025-Q3', '2025-09']) expect(isPeriod(p), p).toBe(true);
    for (const p of ['25', '2025-Q5', '2025-13', '1800', 'Q1-2025']) expect(isPeriod(p), p).toBe(false);
  });
});
