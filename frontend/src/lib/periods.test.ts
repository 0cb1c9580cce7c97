import { describe, expect, it } from 'vitest';
import { translator } from './i18n/i18n';
import { currentPeriod, currentQuarter, describePeriod, hasBegun, parsePeriod, periodOptions, periodsForFrequency } from './periods';

const nov2026 = new Date(2026, 10, 23);

describe('reporting periods', () => {
  it('defaults to the current quarter', () => {
    expect(currentQuarter(nov2026)).toBe('2026-Q4');
    expect(currentQuarter(new Date(2025, 0, 1))).toBe('2025-Q1');
    expect(currentQuarter(new Date(2025, 5, 30))).toBe('2025-Q2');
  });

  it('parses the four shapes and rejects others', () => {
    expect(parsePeriod('2025')).toEqual({ kind: 'year', year: 2025, n: 0 });
    expect(parsePeriod('2025-H2')).toEqual({ kind: 'half', year: 2025, n: 2 });
    expect(parsePeriod('2025-Q3')).toEqual({ kind: 'quarter', year: 2025, n: 3 });
    expect(parsePeriod('2025-09')).toEqual({ kind: 'month', year: 2025, n: 9 });
    for (const bad of ['2025-Q5', '2025-13', '2025-H3', '25-Q1', '2025-9']) expect(parsePeriod(bad)).toBeNull();
  });

  it('offers only periods that have begun, newest first', () => {
    const groups = periodOptions(new Date(2026, 4, 10)); // 10 May 2026
    const byKind = Object.fromEntries(groups.map((g) => [g.kind, g.periods]));
    expect(byKind.quarter).toEqual(['2026-Q2', '2026-Q1', '2025-Q4', '2025-Q3', '2025-Q2', '2025-Q1']);
    expect(byKind.month?.slice(0, 6)).toEqual(['2026-05', '2026-04', '2026-03', '2026-02', '2026-01', '2025-12']);
    expect(byKind.half).toEqual(['2026-H1', '2025-H2', '2025-H1']);
    expect(byKind.year).toEqual(['2026', '2025']);
    expect(hasBegun('2026-Q3', new Date(2026, 4, 10))).toBe(false);
    expect(hasBegun(currentQuarter(nov2026), nov2026)).toBe(true);
  });

  it('describes periods in Vietnamese and English', () => {
    const vi = translator('vi');
    expect(describePeriod('2025-Q3', vi)).toBe('Quý 3/2025');
    expect(describePeriod('2025-09', vi)).toBe('Tháng 09/2025');
    expect(describePeriod('2025-H1', vi)).toBe('6 tháng đầu năm 2025');
    expect(describePeriod('2025', vi)).toBe('Năm 2025');
    expect(describePeriod('2025-Q3', translator('en'))).toBe('Q3 2025');
    expect(describePeriod('odd', vi)).toBe('odd');
  });
});

describe('periods per indicator frequency', () => {
  const may10 = new Date(2026, 4, 10);

  it('offers only started periods of the indicator\'s frequency, newest first', () => {
    expect(periodsForFrequency('quarterly', may10, 2)).toEqual(['2026-Q2', '2026-Q1', '2025-Q4', '2025-Q3', '2025-Q2', '2025-Q1']);
    expect(periodsForFrequency('monthly', may10, 1)).toEqual(['2026-05', '2026-04', '2026-03', '2026-02', '2026-01']);
    expect(periodsForFrequency('half_yearly', may10, 2)).toEqual(['2026-H1', '2025-H2', '2025-H1']);
    expect(periodsForFrequency('yearly', may10, 3)).toEqual(['2026', '2025', '2024']);
    expect(periodsForFrequency('half_yearly', new Date(2026, 6, 1), 1)).toEqual(['2026-H2', '2026-H1']);
  });

  it('knows the current period of each frequency', () => {
    expect(currentPeriod('monthly', may10)).toBe('2026-05');
    expect(currentPeriod('quarterly', may10)).toBe('2026-Q2');
    expect(currentPeriod('half_yearly', may10)).toBe('2026-H1');
    expect(currentPeriod('half_yearly', new Date(2026, 11, 31))).toBe('2026-H2');
    expect(currentPeriod('yearly', may10)).toBe('2026');
    for (const f of ['monthly', 'quarterly', 'half_yearly', 'yearly'] as const) expect(periodsForFrequency(f, may10)[0]).toBe(currentPeriod(f, may10));
  });
});
