import { Card, Col, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router';
import type { Indicator } from '../../../api/models';
import { EmptyState, ErrorState } from '../../../components/PageState';
import { SeriesChart } from '../../../components/SeriesChart';
import { formatNumber, formatPercent, formatValue } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { useSeries } from '../../../lib/indicator-series';
import { describePeriod } from '../../../lib/periods';
import { latestApproved, toChartData } from '../../../lib/series-chart';
import { useTaskIndicators } from '../api/task-kpis';
import { useCurrentUser } from '../../../lib/current-user';
import { TaskKpiLink } from './TaskKpiLink';
import { TaskKpiUnlink } from './TaskKpiUnlink';

interface Props {
  taskId: string;
  /** Whose figures are rolled up: the task's lead agency when the user sees it, otherwise the user's own agency. */
  agencyId: string | undefined;
  agencyName: string | undefined;
}

/** The KPIs linked to a task (`task_id`), each as a small chart of its approved figures against the targets. */
export function TaskKpis({ taskId, agencyId, agencyName }: Props) {
  const { t, language } = useI18n();
  const indicators = useTaskIndicators(taskId);
  // Linking is planning indicators (me.actions); which indicator may change is each one's `actions.edit`.
  const canLink = useCurrentUser().data?.actions.plan_indicators ?? false;
  const items = indicators.data?.items ?? [];
  const title = indicators.data ? `${t('tasks.kpis')} (${formatNumber(indicators.data.total, language)})` : t('tasks.kpis');

  return (
    <Card size="small" title={title} className="section task-kpis" data-testid="task-kpis" extra={canLink ? <TaskKpiLink taskId={taskId} /> : undefined}>
      {indicators.isPending ? (
        <Skeleton active />
      ) : indicators.isError ? (
        <ErrorState error={indicators.error} onRetry={() => void indicators.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState description={t('tasks.kpisEmpty')} />
      ) : (
        <>
          {agencyName && (
            <Typography.Paragraph type="secondary" className="task-kpis-scope">
              {t('tasks.kpisScope', { agency: agencyName })}
            </Typography.Paragraph>
          )}
          <Row gutter={[16, 16]}>
            {items.map((indicator) => (
              <Col key={indicator.id} xs={24} xl={items.length > 1 ? 12 : 24}>
                <KpiChart indicator={indicator} agencyId={agencyId} canUnlink={canLink && indicator.actions.edit} />
              </Col>
            ))}
          </Row>
        </>
      )}
    </Card>
  );
}

function KpiChart({ indicator, agencyId, canUnlink }: { indicator: Indicator; agencyId: string | undefined; canUnlink: boolean }) {
  const { t, language } = useI18n();
  const series = useSeries(indicator.id, { agency_id: agencyId });
  const data = useMemo(() => toChartData(series.data?.points ?? []), [series.data]);
  const latest = latestApproved(data);
  const fmt = (v: number | null) => formatValue(v, indicator.value_type, indicator.unit, language, t);

  return (
    <Card
      size="small"
      type="inner"
      className="task-kpi"
      data-code={indicator.code}
      title={
        <Space size={8} wrap className="task-kpi-title">
          <Link to={`/indicators/${indicator.id}`} className="task-kpi-link" data-code={indicator.code}>
            {indicator.code}
          </Link>
          <Typography.Text className="task-kpi-name" ellipsis={{ tooltip: indicator.name }}>
            {indicator.name}
          </Typography.Text>
        </Space>
      }
      extra={
        <Space size={8}>
          {indicator.drives_task_progress && (
            <Tag color="blue" bordered={false}>
              {t('indicators.drivesTask')}
            </Tag>
          )}
          {canUnlink && <TaskKpiUnlink indicator={indicator} />}
        </Space>
      }
    >
      {series.isPending ? (
        <Skeleton active />
      ) : series.isError ? (
        <ErrorState error={series.error} onRetry={() => void series.refetch()} />
      ) : data.periods.length === 0 ? (
        <EmptyState description={t('indicators.seriesEmpty')} />
      ) : (
        <>
          <SeriesChart data={data} valueType={indicator.value_type} unit={indicator.unit} height={220} label={t('tasks.kpiChartLabel', { code: indicator.code })} />
          <Typography.Text type="secondary" className="task-kpi-latest" data-testid="task-kpi-latest">
            {latest
              ? t('tasks.kpiLatest', {
                  period: describePeriod(latest.period, t),
                  value: fmt(latest.value),
                  target: fmt(latest.target),
                  achievement: latest.achievement === null ? t('common.none') : formatPercent(latest.achievement, language),
                })
              : t('indicators.seriesEmpty')}
          </Typography.Text>
        </>
      )}
    </Card>
  );
}

