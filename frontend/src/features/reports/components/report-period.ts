import type { SchedulePeriodKind as ScheduleKind } from '../../../api/models';
import { formatDate } from '../../../lib/format';
import type { Language, MessageKey, Translate } from '../../../lib/i18n/i18n';

/** The periods a report is asked for, as government reports name them, or any range of days. */
export const REPORT_PERIOD_KINDS = ['month', 'quarter', 'h1', 'h2', 'm9', 'year', 'range'] as const;
export type ReportPeriodKind = (typeof REPORT_PERIOD_KINDS)[number];

export const REPORT_PERIOD_LABEL: Record<ReportPeriodKind, MessageKey> = {
  month: 'periodicReport.kind.month',
  quarter: 'periodicReport.kind.quarter',
  h1: 'periodicReport.kind.h1',
  h2: 'periodicReport.kind.h2',
  m9: 'periodicReport.kind.m9',
  year: 'periodicReport.kind.year',
  range: 'periodicReport.kind.range',
};

export interface ReportPeriod {
  kind: ReportPeriodKind;
  year: number;
  /** Month 1–12 or quarter 1–4; unused by the other kinds. */
  n: number;
  /** Only for `range`: the days as typed (`YYYY-MM-DD`), either may still be missing. */
  from?: string;
  to?: string;
}

/** Days as the API reads them (`YYYY-MM-DD`). */
export interface DateRange {
  from: string;
  to: string;
}

/** Why a range cannot be sent; shown next to the field it names. */
export type PeriodError = { field: 'from'; key: 'periodicReport.fromRequired' } | { field: 'to'; key: 'periodicReport.toRequired' | 'periodicReport.toBeforeFrom' };

const pad = (n: number) => String(n).padStart(2, '0');
const day = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
/** The last day of month `m` (1–12) of year `y` (28 or 29 for February). */
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const monthSpan = (y: number, first: number, last: number): DateRange => ({ from: day(y, first, 1), to: day(y, last, lastDay(y, last)) });

/**
 * The days a period covers, or why it has none: a range needs both days and its end may not be
 * before its start (refused, never swapped).
 */
export function periodDates(period: ReportPeriod): DateRange | PeriodError {
  const y = period.year;
  switch (period.kind) {
    case 'month':
      return monthSpan(y, period.n, period.n);
    case 'quarter':
      return monthSpan(y, (period.n - 1) * 3 + 1, period.n * 3);
    case 'h1':
      return monthSpan(y, 1, 6);
    case 'h2':
      return monthSpan(y, 7, 12);
    case 'm9':
      return monthSpan(y, 1, 9);
    case 'year':
      return monthSpan(y, 1, 12);
    case 'range':
      if (!period.from) return { field: 'from', key: 'periodicReport.fromRequired' };
      if (!period.to) return { field: 'to', key: 'periodicReport.toRequired' };
      if (period.to < period.from) return { field: 'to', key: 'periodicReport.toBeforeFrom' };
      return { from: period.from, to: period.to };
  }
}

export const isPeriodError = (value: DateRange | PeriodError): value is PeriodError => 'field' in value;

/** The quarter that closed last before `today` (the report one usually files). */
export function lastClosedQuarter(today: Date): ReportPeriod {
  const current = Math.floor(today.getMonth() / 3) + 1;
  return current === 1 ? { kind: 'quarter', year: today.getFullYear() - 1, n: 4 } : { kind: 'quarter', year: today.getFullYear(), n: current - 1 };
}

export const ROMAN_QUARTER = ['I', 'II', 'III', 'IV'] as const;

/** The period's name: "Quý III năm 2026", "Tháng 2 năm 2028", "9 tháng đầu năm 2026". */
export function periodName(period: ReportPeriod, t: Translate): string {
  const { year, n } = period;
  switch (period.kind) {
    case 'month':
      return t('periodicReport.words.month', { n, year });
    case 'quarter':
      return t('periodicReport.words.quarter', { n: ROMAN_QUARTER[n - 1] ?? n, year });
    case 'range':
      return t('periodicReport.words.range');
    default:
      return t(`periodicReport.words.${period.kind}`, { year });
  }
}

/** "Quý III năm 2026: 01/07/2026 – 30/09/2026"; undefined when the period cannot be sent. */
export function describeReportPeriod(period: ReportPeriod, t: Translate, language: Language): string | undefined {
  const dates = periodDates(period);
  if (isPeriodError(dates)) return undefined;
  return `${periodName(period, t)}: ${formatDate(dates.from, language)} – ${formatDate(dates.to, language)}`;
}

/** The period of a schedule's kind that starts on `span.from` (a half year is the first or the second). */
export function scheduledPeriod(kind: ScheduleKind, span: DateRange): ReportPeriod {
  const year = Number(span.from.slice(0, 4));
  const month = Number(span.from.slice(5, 7));
  switch (kind) {
    case 'month':
      return { kind: 'month', year, n: month };
    case 'quarter':
      return { kind: 'quarter', year, n: Math.floor((month - 1) / 3) + 1 };
    case 'half_year':
      return { kind: month <= 6 ? 'h1' : 'h2', year, n: 0 };
    case 'nine_months':
      return { kind: 'm9', year, n: 0 };
    case 'year':
      return { kind: 'year', year, n: 0 };
  }
}

/** A schedule's next period in words, with its days. */
export function describeSpan(kind: ScheduleKind, span: DateRange, t: Translate, language: Language): string {
  return `${periodName(scheduledPeriod(kind, span), t)}: ${formatDate(span.from, language)} – ${formatDate(span.to, language)}`;
}

const ISO_DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/**
 * The period an address asks for (`?from=…&to=…`, as the overview links its evaluated period): a
 * range of those days, kept as given (a reversed one is refused on the page); otherwise the last
 * closed quarter.
 */
export function periodFromSearch(params: URLSearchParams, today: Date): ReportPeriod {
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  if (!ISO_DAY.test(from) && !ISO_DAY.test(to)) return lastClosedQuarter(today);
  return { kind: 'range', year: today.getFullYear(), n: 0, from: ISO_DAY.test(from) ? from : undefined, to: ISO_DAY.test(to) ? to : undefined };
}
