import type { DashboardSummary } from '../../../api/models';
import type { MessageKey } from '../../../lib/i18n/i18n';

/**
 * The period whose tasks are evaluated (those whose deadline falls in it), as government reports
 * count them: the year, the current quarter, the first 6 or 9 months, last year, or any range.
 */
export const EVALUATION_PRESETS = ['year', 'quarter', 'h1', 'm9', 'last_year', 'custom'] as const;
export type EvaluationPreset = (typeof EVALUATION_PRESETS)[number];

export const EVALUATION_PRESET_LABEL: Record<EvaluationPreset, MessageKey> = {
  year: 'evaluation.preset.year',
  quarter: 'evaluation.preset.quarter',
  h1: 'evaluation.preset.h1',
  m9: 'evaluation.preset.m9',
  last_year: 'evaluation.preset.last_year',
  custom: 'evaluation.preset.custom',
};

/** Days as the API reads them (`YYYY-MM-DD`). */
export interface DateRange {
  from: string;
  to: string;
}

export interface EvaluationPeriod {
  preset: EvaluationPreset;
  /** Only for `custom`. */
  range?: DateRange;
}

const pad = (n: number) => String(n).padStart(2, '0');
const day = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
/** The last day of month `m` (1–12) of year `y`. */
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const ISO_DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The days a period covers, `today` being the user's calendar day; undefined for a custom period without a valid range. */
export function periodRange(period: EvaluationPeriod, today: Date): DateRange | undefined {
  const y = today.getFullYear();
  switch (period.preset) {
    case 'year':
      return { from: day(y, 1, 1), to: day(y, 12, 31) };
    case 'quarter': {
      const first = Math.floor(today.getMonth() / 3) * 3 + 1;
      return { from: day(y, first, 1), to: day(y, first + 2, lastDay(y, first + 2)) };
    }
    case 'h1':
      return { from: day(y, 1, 1), to: day(y, 6, 30) };
    case 'm9':
      return { from: day(y, 1, 1), to: day(y, 9, 30) };
    case 'last_year':
      return { from: day(y - 1, 1, 1), to: day(y - 1, 12, 31) };
    case 'custom': {
      const r = period.range;
      return r && ISO_DAY.test(r.from) && ISO_DAY.test(r.to) && r.from <= r.to ? r : undefined;
    }
  }
}

/**
 * The `from`/`to` query of a period. This year is the server's default, sent as nothing so that the
 * overview's summary and the evaluation share one request.
 */
export function periodQuery(period: EvaluationPeriod, today: Date): Partial<DateRange> {
  if (period.preset === 'year') return {};
  return periodRange(period, today) ?? {};
}

/** `?period=quarter`, `?period=custom&from=…&to=…` on the overview's address; anything else is this year. */
export function periodFromSearch(params: URLSearchParams): EvaluationPeriod {
  const raw = params.get('period');
  const preset = (EVALUATION_PRESETS as readonly string[]).includes(raw ?? '') ? (raw as EvaluationPreset) : 'year';
  if (preset !== 'custom') return { preset };
  const range = { from: params.get('from') ?? '', to: params.get('to') ?? '' };
  return periodRange({ preset, range }, new Date()) ? { preset, range } : { preset: 'year' };
}

/** The address parameters of a period (this year: none). */
export function periodToSearch(period: EvaluationPeriod): Record<'period' | 'from' | 'to', string | undefined> {
  if (period.preset === 'year') return { period: undefined, from: undefined, to: undefined };
  if (period.preset === 'custom' && period.range) return { period: 'custom', from: period.range.from, to: period.range.to };
  return { period: period.preset, from: undefined, to: undefined };
}

/** Completions verified by the assigning agency against those only reported (awaiting acceptance). */
export function verifiedCompletion(summary: Pick<DashboardSummary, 'tasks'>): { accepted: number; awaiting: number; key: MessageKey } {
  const accepted = summary.tasks.completed;
  const awaiting = summary.tasks.awaiting_acceptance;
  return { accepted, awaiting, key: accepted === 0 && awaiting === 0 ? 'evaluation.verified.none' : 'evaluation.verified' };
}
