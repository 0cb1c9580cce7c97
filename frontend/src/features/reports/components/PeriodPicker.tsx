import { DatePicker, Form, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useI18n } from '../../../lib/i18n/i18n';
import { REPORT_PERIOD_KINDS, REPORT_PERIOD_LABEL, ROMAN_QUARTER, type PeriodError, type ReportPeriod, type ReportPeriodKind } from './report-period';

interface Props {
  period: ReportPeriod;
  onChange: (period: ReportPeriod) => void;
  /** The refusal to show next to its field (a range that cannot be sent, or the server's). */
  error: { field: PeriodError['field']; message: string } | undefined;
  /** The years offered: this year and a few before, plus the next. */
  thisYear: number;
}

const YEARS_BACK = 6;
const toDay = (value: Dayjs | null): string | undefined => (value ? value.format('YYYY-MM-DD') : undefined);

/** The kind of period, then its year and month or quarter, or two days for a range (dd/mm/yyyy). */
export function PeriodPicker({ period, onChange, error, thisYear }: Props) {
  const { t, language } = useI18n();
  const dateFormat = language === 'vi' ? 'DD/MM/YYYY' : 'D MMM YYYY';
  const years = Array.from({ length: YEARS_BACK + 2 }, (_, i) => thisYear + 1 - i);
  const set = (patch: Partial<ReportPeriod>) => onChange({ ...period, ...patch });
  const changeKind = (kind: ReportPeriodKind) => {
    const n = kind === 'month' ? (period.kind === 'quarter' ? period.n * 3 : period.n) : kind === 'quarter' ? Math.ceil(Math.max(period.n, 1) / 3) : period.n;
    set({ kind, n: kind === 'month' ? Math.min(Math.max(n, 1), 12) : kind === 'quarter' ? Math.min(Math.max(n, 1), 4) : n });
  };
  const status = (field: PeriodError['field']) => (error?.field === field ? { validateStatus: 'error' as const, help: error.message } : {});

  return (
    <>
      <Form.Item label={t('periodicReport.periodKind')} htmlFor="report-period-kind">
        <Select<ReportPeriodKind>
          id="report-period-kind"
          value={period.kind}
          onChange={changeKind}
          options={REPORT_PERIOD_KINDS.map((k) => ({ value: k, label: t(REPORT_PERIOD_LABEL[k]) }))}
          style={{ width: 190 }}
        />
      </Form.Item>
      {period.kind === 'month' && (
        <Form.Item label={t('periodicReport.month')} htmlFor="report-period-month">
          <Select<number> id="report-period-month" value={period.n} onChange={(n) => set({ n })} options={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: String(i + 1) }))} style={{ width: 90 }} />
        </Form.Item>
      )}
      {period.kind === 'quarter' && (
        <Form.Item label={t('periodicReport.quarter')} htmlFor="report-period-quarter">
          <Select<number> id="report-period-quarter" value={period.n} onChange={(n) => set({ n })} options={ROMAN_QUARTER.map((label, i) => ({ value: i + 1, label }))} style={{ width: 90 }} />
        </Form.Item>
      )}
      {period.kind !== 'range' && (
        <Form.Item label={t('periodicReport.year')} htmlFor="report-period-year">
          <Select<number> id="report-period-year" value={period.year} onChange={(year) => set({ year })} options={years.map((y) => ({ value: y, label: String(y) }))} style={{ width: 100 }} />
        </Form.Item>
      )}
      {period.kind === 'range' && (
        <>
          <Form.Item label={t('periodicReport.from')} htmlFor="report-period-from" {...status('from')}>
            <DatePicker id="report-period-from" format={dateFormat} value={period.from ? dayjs(period.from) : null} onChange={(d) => set({ from: toDay(d) })} />
          </Form.Item>
          <Form.Item label={t('periodicReport.to')} htmlFor="report-period-to" {...status('to')}>
            <DatePicker id="report-period-to" format={dateFormat} value={period.to ? dayjs(period.to) : null} onChange={(d) => set({ to: toDay(d) })} />
          </Form.Item>
        </>
      )}
    </>
  );
}
