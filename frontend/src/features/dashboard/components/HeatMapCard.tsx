import { Button, Card, Empty, Flex, Skeleton, Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router';
import type { ScorecardRow } from '../../../api/models';
import { ErrorState } from '../../../components/PageState';
import { formatNumber, formatPercent } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { useDashboardResolutions, useScorecardsByResolution } from '../api/dashboard';
import { buildHeatMap, HEAT_EMPTY_COLOR, HEAT_LEGEND, heatColor, type HeatCell, type HeatRow } from './heatmap-data';
import { resolutionBars, type ResolutionBar } from './overview-data';

const NO_ROWS: readonly ScorecardRow[] = [];

interface Props {
  /** Whose child agencies are the rows. */
  agencyId: string | undefined;
  /** The selected resolution (its column alone), or every resolution in force. */
  resolutionId: string | undefined;
  enabled: boolean;
  /** A click on an agency's name narrows the overview to that agency. */
  onAgencyClick: (agencyId: string) => void;
}

/**
 * Child agencies × resolutions, each cell the tasks the agency (with its subtree) leads in that
 * resolution: coloured by the health the server decided for them (the gap to the schedule, never the
 * absolute progress), with the weighted progress and the health in words; a cell opens those tasks, a
 * red one (off track, overdue) only the tasks that make it red. Built from one
 * `GET /dashboard/agencies` per resolution shown.
 */
export function HeatMapCard({ agencyId, resolutionId, enabled, onAgencyClick }: Props) {
  const { t } = useI18n();
  const resolutions = useDashboardResolutions();
  const columns = useMemo(() => resolutionBars(resolutions.data?.items ?? [], resolutionId), [resolutions.data, resolutionId]);
  const scorecards = useScorecardsByResolution(
    agencyId,
    columns.map((c) => c.id),
    enabled && resolutions.isSuccess,
  );
  const failed = scorecards.filter((q) => q.isError);
  const pending = resolutions.isPending || scorecards.some((q) => q.isPending);
  const error = resolutions.isError ? resolutions.error : failed[0]?.error;
  const retry = () => {
    if (resolutions.isError) void resolutions.refetch();
    for (const q of failed) void q.refetch();
  };
  const heat = buildHeatMap(
    columns,
    scorecards.map((q) => q.data ?? NO_ROWS),
  );

  let body;
  if (error) body = <ErrorState error={error} onRetry={retry} />;
  else if (pending) body = <Skeleton active paragraph={{ rows: 5 }} />;
  else if (columns.length === 0) body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('overview.noResolutions')} />;
  else if (heat.rows.length === 0)
    body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={heat.hidden > 0 ? t('overview.heat.noTasks') : t('overview.noChildren')} />;
  else
    body = (
      <>
        <div className="heatmap-scroll" role="region" aria-label={t('overview.heat.title')} tabIndex={0}>
          <table className="heatmap" data-testid="heatmap">
            <caption className="visually-hidden">{t('overview.heat.caption')}</caption>
            <thead>
              <tr>
                <th scope="col" className="heatmap-corner">
                  {t('overview.heat.corner')}
                </th>
                {heat.columns.map((column) => (
                  <th scope="col" key={column.id} className="heatmap-col">
                    <Tooltip title={column.title}>
                      <Link to={`/resolutions/${column.id}`}>{column.code}</Link>
                    </Tooltip>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {heat.rows.map((row) => (
                <tr key={row.agencyId}>
                  <th scope="row" className="heatmap-agency">
                    <Button type="link" className="heatmap-agency-link" data-code={row.code} title={row.code} onClick={() => onAgencyClick(row.agencyId)}>
                      {row.name}
                    </Button>
                  </th>
                  {row.cells.map((cell, i) => (
                    <td key={cell.resolutionId}>
                      <HeatCellView row={row} cell={cell} column={heat.columns[i]} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <HeatLegend />
        <Typography.Text type="secondary" className="chart-hint">
          {t('overview.heat.hint')}
          {heat.hidden > 0 && ` ${t('overview.heat.hidden', { count: heat.hidden })}`}
        </Typography.Text>
      </>
    );

  return (
    <Card title={t('overview.heat.title')} size="small" className="chart-card heatmap-card">
      {body}
    </Card>
  );
}

function HeatCellView({ row, cell, column }: { row: HeatRow; cell: HeatCell; column: ResolutionBar | undefined }) {
  const { t, language } = useI18n();
  const resolution = column?.code ?? '';
  if (cell.progress === null || !cell.href) {
    const label = `${row.name}, ${resolution}: ${t('overview.heat.noCellTasks')}`;
    return (
      <Tooltip title={label}>
        <span className="heat-cell heat-cell-empty" style={{ background: HEAT_EMPTY_COLOR }} aria-label={label} data-agency={row.code} data-resolution={resolution}>
          {t('common.none')}
        </span>
      </Tooltip>
    );
  }
  const progress = formatPercent(cell.progress, language);
  const health = cell.health ? t(`health.${cell.health}`) : t('common.none');
  const label = t(cell.drill ? 'overview.heat.cellLabelBehind' : 'overview.heat.cellLabel', {
    agency: row.name,
    resolution,
    health,
    progress,
    tasks: formatNumber(cell.tasks, language),
    overdue: formatNumber(cell.overdue, language),
    behind: formatNumber(cell.behind, language),
  });
  const tooltip = (
    <div className="heat-tooltip">
      <strong>
        {row.name} — <span className="nowrap">{resolution}</span>
      </strong>
      <div>{t('overview.heat.tipHealth', { value: health })}</div>
      <div>{t('overview.heat.tipProgress', { value: progress })}</div>
      <div>{t('overview.heat.tipTasks', { tasks: formatNumber(cell.tasks, language), completed: formatNumber(cell.completed, language) })}</div>
      <div>{t('overview.heat.tipBehind', { count: formatNumber(cell.behind, language), overdue: formatNumber(cell.overdue, language) })}</div>
      <div className="heat-tooltip-hint">{t(cell.drill ? 'overview.heat.tipClickBehind' : 'overview.heat.tipClick')}</div>
    </div>
  );
  return (
    <Tooltip title={tooltip} trigger={['hover', 'focus']}>
      <Link
        to={cell.href}
        className="heat-cell"
        style={{ background: heatColor(cell.health) }}
        data-agency={row.code}
        data-resolution={resolution}
        data-progress={cell.progress}
        data-health={cell.health ?? undefined}
      >
        {/* The name is the cell's own text, led by what a sighted reader gets from the row and column
            (an aria-label would hide the visible figures from speech input: WCAG 2.5.3). */}
        <span className="visually-hidden">{label} — </span>
        <span className="heat-value">{progress}</span>
        <span className="heat-health">{health}</span>
        <span className="heat-tasks">{t(cell.tasks === 1 ? 'overview.heat.tasksOne' : 'overview.heat.tasks', { count: formatNumber(cell.tasks, language) })}</span>
        {cell.overdue > 0 && <span className="heat-overdue">{formatNumber(cell.overdue, language)}</span>}
      </Link>
    </Tooltip>
  );
}

function HeatLegend() {
  const { t } = useI18n();
  return (
    <Flex wrap gap={12} align="center" className="heatmap-legend" aria-hidden>
      <span className="heatmap-legend-title">{t('overview.heat.legendTitle')}</span>
      {HEAT_LEGEND.map((health) => (
        <span key={health} className="heatmap-legend-item" data-health={health}>
          <span className="heatmap-swatch" style={{ background: heatColor(health) }} />
          {t(`health.${health}`)}
        </span>
      ))}
      <span className="heatmap-legend-item">
        <span className="heatmap-swatch" style={{ background: HEAT_EMPTY_COLOR }} />
        {t('overview.heat.noCellTasks')}
      </span>
      <span className="heatmap-legend-item">
        <span className="heat-overdue heat-overdue-static">n</span>
        {t('overview.heat.legendOverdue')}
      </span>
    </Flex>
  );
}
