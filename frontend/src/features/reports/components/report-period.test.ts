import { describe, expect, it } from 'vitest';
import { translator } from '../../../lib/i18n/i18n';
import { describeReportPeriod, describeSpan, lastClosedQuarter, periodDates, periodFromSearch, scheduledPeriod, type ReportPeriod } from './report-period';

const vi = translator('vi');
const en = translator('en');
const p = (kind: ReportPeriod['kind'], year: number, n = 0, extra: Partial<ReportPeriod> = {}): ReportPeriod => ({ kind, year, n, ...extra });

describe('a report period as days', () => {
  it('gives February 29 days in a leap year and 28 otherwise', () => {
    expect(periodDates(p('month', 2028, 2))).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodDates(p('month', 2026, 2))).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(periodDates(p('month', 2000, 2))).toEqual({ from: '2000-02-01', to: '2000-02-29' });
    expect(periodDates(p('month', 2100, 2))).toEqual({ from: '2100-02-01', to: '2100-02-28' });
  });

  it('covers the quarters, the halves, nine months and the year', () => {
    expect(periodDates(p('quarter', 2026, 1))).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(periodDates(p('quarter', 2026, 3))).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(periodDates(p('quarter', 2026, 4))).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(periodDates(p('h1', 2026))).toEqual({ from: '2026-01-01', to: '2026-06-30' });
    expect(periodDates(p('h2', 2026))).toEqual({ from: '2026-07-01', to: '2026-12-31' });
    expect(periodDates(p('m9', 2026))).toEqual({ from: '2026-01-01', to: '2026-09-30' });
    expect(periodDates(p('year', 2026))).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(periodDates(p('month', 2026, 12))).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });

  it('takes a range as typed, one day long included, and refuses an end before the start without swapping', () => {
    expect(periodDates(p('range', 2026, 0, { from: '2026-03-05', to: '2026-03-05' }))).toEqual({ from: '2026-03-05', to: '2026-03-05' });
    expect(periodDates(p('range', 2026, 0, { from: '2026-03-05', to: '2026-03-04' }))).toEqual({ field: 'to', key: 'periodicReport.toBeforeFrom' });
    expect(periodDates(p('range', 2026, 0, { to: '2026-03-04' }))).toEqual({ field: 'from', key: 'periodicReport.fromRequired' });
    expect(periodDates(p('range', 2026, 0, { from: '2026-03-04' }))).toEqual({ field: 'to', key: 'periodicReport.toRequired' });
  });
});

describe('the default period', () => {
  it('is the last closed quarter, the previous year\'s fourth in the first quarter', () => {
    expect(lastClosedQuarter(new Date(2026, 11, 7))).toEqual(p('quarter', 2026, 3));
    expect(lastClosedQuarter(new Date(2026, 9, 1))).toEqual(p('quarter', 2026, 3));
    expect(lastClosedQuarter(new Date(2026, 8, 30))).toEqual(p('quarter', 2026, 2));
    expect(lastClosedQuarter(new Date(2027, 0, 1))).toEqual(p('quarter', 2026, 4));
    expect(lastClosedQuarter(new Date(2027, 2, 31))).toEqual(p('quarter', 2026, 4));
  });
});

describe('a period in words', () => {
  it('names the period and its days, dd/mm/yyyy in Vietnamese', () => {
    expect(describeReportPeriod(p('quarter', 2026, 3), vi, 'vi')).toBe('Quý III năm 2026: 01/07/2026 – 30/09/2026');
    expect(describeReportPeriod(p('m9', 2026), vi, 'vi')).toBe('9 tháng đầu năm 2026: 01/01/2026 – 30/09/2026');
    expect(describeReportPeriod(p('month', 2028, 2), vi, 'vi')).toBe('Tháng 2 năm 2028: 01/02/2028 – 29/02/2028');
    expect(describeReportPeriod(p('h2', 2026), vi, 'vi')).toBe('6 tháng cuối năm 2026: 01/07/2026 – 31/12/2026');
    expect(describeReportPeriod(p('quarter', 2026, 4), en, 'en')).toBe('Quarter IV 2026: 1 Oct 2026 – 31 Dec 2026');
    expect(describeReportPeriod(p('range', 2026, 0, { from: '2026-03-05', to: '2026-03-04' }), vi, 'vi')).toBeUndefined();
  });

  it('names a schedule\'s next period from its kind and days', () => {
    expect(scheduledPeriod('half_year', { from: '2026-07-01', to: '2026-12-31' })).toEqual(p('h2', 2026));
    expect(describeSpan('quarter', { from: '2026-10-01', to: '2026-12-31' }, vi, 'vi')).toBe('Quý IV năm 2026: 01/10/2026 – 31/12/2026');
    expect(describeSpan('nine_months', { from: '2027-01-01', to: '2027-09-30' }, vi, 'vi')).toBe('9 tháng đầu năm 2027: 01/01/2027 – 30/09/2027');
  });
});

describe('the period an address asks for', () => {
  it('is a range of its days, kept as given, or the last closed quarter', () => {
    const today = new Date(2026, 11, 7);
    expect(periodFromSearch(new URLSearchParams('from=2026-03-15&to=2026-03-10'), today)).toEqual({ kind: 'range', year: 2026, n: 0, from: '2026-03-15', to: '2026-03-10' });
    expect(periodFromSearch(new URLSearchParams('from=15/03/2026'), today)).toEqual(p('quarter', 2026, 3));
    expect(periodFromSearch(new URLSearchParams(''), today)).toEqual(p('quarter', 2026, 3));
  });
});
