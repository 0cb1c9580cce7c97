import { Card, Empty, Flex, Skeleton, Typography } from 'antd';
import { lazy, Suspense, useMemo } from 'react';
import { useNavigate } from 'react-router';
import type { ChartOption } from '../../../components/EChart';
import { ErrorState } from '../../../components/PageState';
import { formatPercent } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { useDashboardResolutions } from '../api/dashboard';
import { HEALTH_ORDER, resolutionBars } from './overview-data';
import { EXPECTED_MARK_COLOR, resolutionBarColor, resolutionChartDescription, resolutionChartHeight, resolutionChartOption, type ResolutionBarLabels } from './resolution-bars-data';

// ECharts is large: it loads with the first chart, not with the app.
const EChart = lazy(() => import('../../../components/EChart').then((m) => ({ default: m.EChart })));

/**
 * "Tiến độ theo nghị quyết": each resolution's progress as a bar coloured by its health, with a mark
 * at the progress its schedule expects today and both figures written beside it; a bar opens the
 * resolution.
 */
export function ResolutionBarsCard({ resolutionId }: { resolutionId: string | undefined }) {
  const { t, language } = useI18n();
  const navigate = useNavigate();
  const resolutions = useDashboardResolutions();
  const bars = useMemo(() => resolutionBars(resolutions.data?.items ?? [], resolutionId), [resolutions.data, resolutionId]);
  const labels = useMemo<ResolutionBarLabels>(
    () => ({
      progress: t('overview.progress'),
      expected: t('overview.byResolution.expected'),
      percent: (v) => formatPercent(v, language),
      figures: (progress, expected) =>
        expected === null ? t('overview.byResolution.reached', { progress }) : t('overview.byResolution.figures', { progress, expected }),
      health: (h) => (h ? t(`health.${h}`) : t('overview.byResolution.noTask')),
    }),
    [t, language],
  );
  const option = useMemo(() => resolutionChartOption(bars, labels) as ChartOption, [bars, labels]);
  const title = t('overview.byResolution');

  let body;
  if (resolutions.isPending) body = <Skeleton active />;
  else if (resolutions.isError) body = <ErrorState error={resolutions.error} onRetry={() => void resolutions.refetch()} />;
  else if (bars.length === 0) body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('overview.noResolutions')} />;
  else
    body = (
      <>
        <div className="resolution-bars" data-testid="resolution-bars" data-bars={JSON.stringify(bars.map((b) => [b.code, b.health, b.progress, b.expected]))}>
          <Suspense fallback={<Skeleton active />}>
            <EChart
              option={option}
              label={resolutionChartDescription(title, bars, labels)}
              height={resolutionChartHeight(bars.length)}
              onItemClick={({ dataIndex }) => {
                const bar = bars[dataIndex];
                if (bar) void navigate(`/resolutions/${bar.id}`);
              }}
            />
          </Suspense>
        </div>
        <Flex wrap gap={12} align="center" className="heatmap-legend" aria-hidden>
          {HEALTH_ORDER.map((health) => (
            <span key={health} className="heatmap-legend-item">
              <span className="heatmap-swatch" style={{ background: resolutionBarColor(health) }} />
              {t(`health.${health}`)}
            </span>
          ))}
          <span className="heatmap-legend-item">
            <span className="expected-mark-swatch" style={{ background: EXPECTED_MARK_COLOR }} />
            {t('overview.byResolution.legendMark')}
          </span>
        </Flex>
        <Typography.Text type="secondary" className="chart-hint">
          {t('overview.byResolution.hint')}
        </Typography.Text>
      </>
    );

  return (
    <Card title={title} size="small" className="chart-card resolution-bars-card">
      {body}
    </Card>
  );
}
