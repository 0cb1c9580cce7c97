import { Card, Empty, Skeleton, Typography } from 'antd';
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import type { ChartOption } from '../../../components/EChart';
import { ErrorState } from '../../../components/PageState';
import { SeriesMapSwitch } from '../../../components/SeriesMapSwitch';
import { formatPercent } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { describePeriod } from '../../../lib/periods';
import type { SeriesMap } from '../../../lib/series-map';
import { useTrend } from '../api/dashboard';
import { restatedPeriods, trendChartOption, trendSeries } from './overview-data';

// ECharts is large: it loads with the first chart, not with the app.
const EChart = lazy(() => import('../../../components/EChart').then((m) => ({ default: m.EChart })));

/** About what the value axis and the grid's margins take of the chart's width, in pixels. */
const AXIS_ROOM = 64;

interface Props {
  agencyId: string | undefined;
  resolutionId: string | undefined;
  enabled: boolean;
  /** Today's map (split predecessors' figures restated) or as recorded; kept in the address by the page. */
  map: SeriesMap;
  onMapChange: (map: SeriesMap) => void;
}

/**
 * Reported progress and KPI achievement over the last eight quarters, each on its own labelled axis,
 * as recorded or on today's map;
 * the quarters the server marks restated carry a mark on the axis, named in a note under the chart.
 */
export function TrendCard({ agencyId, resolutionId, enabled, map, onMapChange }: Props) {
  const { t, language } = useI18n();
  const trend = useTrend({ agency_id: agencyId, resolution_id: resolutionId, map }, enabled);
  const data = useMemo(() => trendSeries(trend.data ?? []), [trend.data]);
  const restated = useMemo(() => restatedPeriods(data), [data]);
  // The chart's width, to give each quarter's name its share of the axis (it wraps when short).
  const chartBox = useRef<HTMLDivElement>(null);
  const [chartWidth, setChartWidth] = useState<number>();
  const hasChart = !data.empty;
  useEffect(() => {
    const element = chartBox.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => setChartWidth(entry?.contentRect.width));
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasChart]);
  const labelWidth = chartWidth && data.periods.length > 0 ? Math.floor((chartWidth - AXIS_ROOM) / data.periods.length) - 6 : undefined;
  const option = useMemo(
    () =>
      trendChartOption(data, {
        progress: t('overview.trend.progress'),
        kpi: t('overview.trend.kpi'),
        period: (p) => describePeriod(p, t),
        percent: (v) => (v === null ? t('common.none') : formatPercent(v, language)),
        restated: t('indicators.restated'),
      }, labelWidth) as ChartOption,
    [data, t, language, labelWidth],
  );

  return (
    <Card
      title={t('overview.trend')}
      size="small"
      className="chart-card trend-card"
      extra={<SeriesMapSwitch value={map} onChange={onMapChange} label={t('overview.trend.mapSwitch')} />}
    >
      {trend.isPending ? (
        <Skeleton active />
      ) : trend.isError ? (
        <ErrorState error={trend.error} onRetry={() => void trend.refetch()} />
      ) : data.empty ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('overview.noTrend')} />
      ) : (
        <>
          <div ref={chartBox}>
            <Suspense fallback={<Skeleton active />}>
              <EChart option={option} label={`${t('overview.trend')}. ${t('overview.trend.axes')}`} height={280} />
            </Suspense>
          </div>
          <Typography.Paragraph type="secondary" className="chart-hint trend-axes-note" style={{ margin: '4px 0 0' }}>
            {t('overview.trend.axes')}
          </Typography.Paragraph>
          {restated.length > 0 && (
            <Typography.Paragraph type="secondary" className="chart-hint trend-restated-note" data-periods={restated.join(' ')} style={{ margin: '4px 0 0' }}>
              {t('overview.trend.restatedNote', { periods: restated.map((p) => describePeriod(p, t)).join(', ') })}
            </Typography.Paragraph>
          )}
        </>
      )}
    </Card>
  );
}
