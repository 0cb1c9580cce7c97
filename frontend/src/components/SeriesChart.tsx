import { lazy, Suspense, useMemo } from 'react';
import type { ValueType } from '../api/models';
import { formatPercent, formatValue } from '../lib/format';
import { useI18n } from '../lib/i18n/i18n';
import { describePeriod } from '../lib/periods';
import { buildChartOption, type ChartData } from '../lib/series-chart';
import type { ChartOption } from './EChart';

// ECharts is large: it loads with the first chart, not with the app.
const EChart = lazy(() => import('./EChart').then((m) => ({ default: m.EChart })));

interface Props {
  /** The series as aligned arrays (`toChartData` of the series points). */
  data: ChartData;
  valueType: ValueType;
  unit: string;
  height?: number;
  /** Names the chart for screen readers; a generic description by default. */
  label?: string;
}

/**
 * An indicator's approved figures per period as bars against the targets as a dashed line (with each
 * component of a composite), achievement and completeness in the tooltip. Used by the indicator page
 * and by the KPIs of a task.
 */
export function SeriesChart({ data, valueType, unit, height = 300, label }: Props) {
  const { t, language } = useI18n();
  const option = useMemo(
    () =>
      buildChartOption(data, {
        value: t('indicators.value'),
        target: t('indicators.target'),
        achievement: t('indicators.achievement'),
        completeness: t('indicators.completeness'),
        period: (p) => describePeriod(p, t),
        format: (v) => formatValue(v, valueType, unit, language, t),
        percent: (v) => (v === null ? '—' : formatPercent(v, language)),
        restated: t('indicators.restated'),
      }) as ChartOption,
    [data, valueType, unit, language, t],
  );
  return (
    <Suspense fallback={<div style={{ height }} />}>
      <EChart option={option} label={label ?? t('indicators.chartLabel')} height={height} />
    </Suspense>
  );
}
