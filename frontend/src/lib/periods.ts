import type { Frequency } from '../api/models';
import type { Translate } from './i18n/i18n';

/** Reporting periods: `2025` (year), `2025-H1` (half), `2025-Q3` (quarter), `2025-09` (month). */
export type PeriodKind = 'quarter' | 'month' | 'half' | 'year';

export interface ParsedPeriod {
  kind: PeriodKind;
  year: number;
  /** Quarter 1–4, month 1–12 or half 1–2; 0 for a year. */
  n: number;
}

export function parsePeriod(period: string): ParsedPeriod | null {
  const m = /^(\d{4})(?:-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$/.exec(period);
  if (!m) return null;
  const year = Number(m[1]);
  const part = m[2];
  if (!part) return { kind: 'year', year, n: 0 };
  if (part.startsWith('H')) return { kind: 'half', year, n: Number(part.slice(1)) };
  if (part.startsWith('Q')) return { kind: 'quarter', year, n: Number(part.slice(1)) };
  return { kind: 'month', year, n: Number(part) };
}

/** The first month (1–12) of a period. */
const startMonth = (p: ParsedPeriod): number =>
  p.kind === 'quarter' ? (p.n - 1) * 3 + 1 : p.kind === 'half' ? (p.n - 1) * 6 + 1 : p.kind === 'month' ? p.n : 1;

/** A period has begun once its first day is today or earlier (the server refuses future periods). */
export function hasBegun(period: string, today: Date): boolean {
  const p = parsePeriod(period);
  if (!p) return false;
  const y = today.getFullYear();
  const m = today.getMonth() + 1;
  return p.year < y || (p.year === y && startMonth(p) <= m);
}

export function currentQuarter(today: Date): string {
  return `${today.getFullYear()}-Q${Math.floor(today.getMonth() / 3) + 1}`;
}

export interface PeriodGroup {
  kind: PeriodKind;
  periods: string[];
}

/** The periods one may report on, newest first, grouped by kind: this year and the `years - 1` before. */
export function periodOptions(today: Date, years = 2): PeriodGroup[] {
  const thisYear = today.getFullYear();
  const yearList = Array.from({ length: years }, (_, i) => thisYear - i);
  const pad = (n: number) => String(n).padStart(2, '0');
  const all: Record<PeriodKind, string[]> = {
    quarter: yearList.flatMap((y) => [4, 3, 2, 1].map((q) => `${y}-Q${q}`)),
    month: yearList.flatMap((y) => Array.from({ length: 12 }, (_, i) => `${y}-${pad(12 - i)}`)),
    half: yearList.flatMap((y) => [`${y}-H2`, `${y}-H1`]),
    year: yearList.map(String),
  };
  return (['quarter', 'month', 'half', 'year'] as const).map((kind) => ({ kind, periods: all[kind].filter((p) => hasBegun(p, today)) }));
}

/** The period shape an indicator of this frequency reports in. */
export const FREQUENCY_KIND: Record<Frequency, PeriodKind> = { monthly: 'month', quarterly: 'quarter', half_yearly: 'half', yearly: 'year' };

/** The periods of one frequency that have begun, newest first: this year and the `years - 1` before. */
export function periodsForFrequency(frequency: Frequency, today: Date, years = 3): string[] {
  const kind = FREQUENCY_KIND[frequency];
  return periodOptions(today, years).find((g) => g.kind === kind)?.periods ?? [];
}

/** The period of this frequency that contains `today`. */
export function currentPeriod(frequency: Frequency, today: Date): string {
  const y = today.getFullYear();
  const m = today.getMonth() + 1;
  switch (frequency) {
    case 'monthly':
      return `${y}-${String(m).padStart(2, '0')}`;
    case 'quarterly':
      return currentQuarter(today);
    case 'half_yearly':
      return `${y}-H${m <= 6 ? 1 : 2}`;
    case 'yearly':
      return String(y);
  }
}

/** "Quý 3/2025", "Tháng 9/2025", "6 tháng đầu năm 2025", "Năm 2025"; unknown shapes as they are. */
export function describePeriod(period: string, t: Translate): string {
  const p = parsePeriod(period);
  if (!p) return period;
  switch (p.kind) {
    case 'year':
      return t('period.year', { year: p.year });
    case 'half':
      return t(p.n === 1 ? 'period.H1' : 'period.H2', { year: p.year });
    case 'quarter':
      return t('period.quarter', { n: p.n, year: p.year });
    case 'month':
      return t('period.month', { n: String(p.n).padStart(2, '0'), year: p.year });
  }
}
