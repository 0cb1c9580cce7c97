import type { UseQueryResult } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, Progress, Select, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { PeerGroup, ScorecardRow } from '../../../api/models';
import { ErrorState } from '../../../components/PageState';
import { formatNumber, formatPercent } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { HealthTag } from '../../../components/HealthTag';
import { EvaluationCell } from './EvaluationCard';
import type { DateRange } from './evaluation-data';
import { alertsUrl, evaluationTasksUrl, tasksUrl } from './overview-data';
import { DataQualityTag } from './DataQualityTag';
import { compareLaggards, compareOptional, compareRank, laggardsFirst, peerGroupsOf } from './ranking-data';

interface Props {
  scorecard: UseQueryResult<ScorecardRow[]>;
  resolutionId: string | undefined;
  /** The period the evaluation counts cover, for their links. */
  evaluatedRange: DateRange | undefined;
  /** A click on an agency's name narrows the overview to that agency. */
  onAgencyClick: (agencyId: string) => void;
}

const ORDER = ['ascend', 'descend'] as const;
type Sorter = (a: ScorecardRow, b: ScorecardRow) => number;
const byNumber = (pick: (row: ScorecardRow) => number | null | undefined): Sorter => (a, b) => compareOptional(pick(a), pick(b));

/**
 * "Xếp hạng đơn vị trực thuộc": the child agencies with the laggards first (worst health, then lowest
 * progress), every column sortable, the health as a tag; the server's rank stays as a column.
 */
export function RankingCard({ scorecard, resolutionId, evaluatedRange, onAgencyClick }: Props) {
  const { t, language } = useI18n();
  const [group, setGroup] = useState<PeerGroup | undefined>(undefined);
  const all = useMemo(() => laggardsFirst(scorecard.data ?? []), [scorecard.data]);
  const groups = useMemo(() => peerGroupsOf(all), [all]);
  // A group chosen for another scope that has none of it shows every row.
  const shown = group && groups.includes(group) ? group : undefined;
  const rows = useMemo(() => (shown ? all.filter((r) => r.peer_group === shown) : all), [all, shown]);
  const fmtPct = (v: number | null | undefined) => (v === null || v === undefined ? t('common.none') : formatPercent(v, language));

  const columns: TableColumnsType<ScorecardRow> = [
    // The rank is a place within the peer group: sorting by it keeps the groups together.
    { title: t('overview.rank'), dataIndex: 'rank', key: 'rank', width: 72, align: 'center', sorter: compareRank, sortDirections: [...ORDER] },
    { title: t('overview.peerGroup'), dataIndex: 'peer_group', key: 'peer_group', width: 120, render: (g: PeerGroup) => <span className="peer-group">{t(`peerGroup.${g}`)}</span> },
    {
      title: t('overview.agency'),
      key: 'agency',
      width: 220,
      sorter: (a, b) => a.name.localeCompare(b.name, 'vi'),
      sortDirections: [...ORDER],
      render: (_, row) => (
        <Button type="link" className="ranking-agency" data-code={row.code} style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => onAgencyClick(row.agency_id)}>
          {row.code} — {row.name}
        </Button>
      ),
    },
    {
      title: t('overview.rankingHealth'),
      dataIndex: 'health',
      key: 'health',
      width: 150,
      sorter: compareLaggards,
      sortDirections: [...ORDER],
      defaultSortOrder: 'ascend',
      render: (_, row) => (row.health ? <HealthTag health={row.health} /> : t('common.none')),
    },
    {
      title: t('overview.progress'),
      dataIndex: 'weighted_progress',
      key: 'progress',
      width: 260,
      sorter: byNumber((r) => r.weighted_progress),
      sortDirections: [...ORDER],
      render: (v: number, row) => (
        <Flex align="center" gap={4}>
          <Progress
            percent={Math.round(v * 10) / 10}
            size="small"
            format={(p) => formatPercent(p ?? 0, language)}
            aria-label={t('a11y.progressOf', { name: row.name, value: formatPercent(v, language) })}
            style={{ flex: '0 0 130px', margin: 0 }}
          />
          <DataQualityTag quality={row.data_quality} />
        </Flex>
      ),
    },
    {
      title: t('overview.tasks'),
      dataIndex: 'tasks',
      key: 'tasks',
      align: 'right',
      sorter: byNumber((r) => r.tasks),
      sortDirections: [...ORDER],
      render: (v: number, row) => <Link to={tasksUrl({ agencyId: row.agency_id, resolutionId })}>{formatNumber(v, language)}</Link>,
    },
    { title: t('overview.completed'), dataIndex: 'completed', key: 'completed', align: 'right', sorter: byNumber((r) => r.completed), sortDirections: [...ORDER], render: (v: number) => formatNumber(v, language) },
    {
      title: t('overview.overdue'),
      dataIndex: 'overdue',
      key: 'overdue',
      align: 'right',
      sorter: byNumber((r) => r.overdue),
      sortDirections: [...ORDER],
      render: (v: number, row) =>
        v > 0 ? (
          <Link to={tasksUrl({ agencyId: row.agency_id, resolutionId }, { health: 'overdue' })} className="text-bad">
            {formatNumber(v, language)}
          </Link>
        ) : (
          formatNumber(v, language)
        ),
    },
    {
      title: t('evaluation.column'),
      key: 'evaluation',
      width: 112,
      align: 'right',
      render: (_, row) => (
        <EvaluationCell
          counts={row.evaluation}
          linkTo={evaluatedRange ? (e) => evaluationTasksUrl({ agencyId: row.agency_id, resolutionId }, e, evaluatedRange) : undefined}
        />
      ),
    },
    { title: t('overview.kpiOnTrackPct'), dataIndex: 'kpi_on_track_pct', key: 'kpi', align: 'right', width: 96, sorter: byNumber((r) => r.kpi_on_track_pct), sortDirections: [...ORDER], render: fmtPct },
    { title: t('overview.completeness'), dataIndex: 'completeness_pct', key: 'completeness', align: 'right', width: 96, sorter: byNumber((r) => r.completeness_pct), sortDirections: [...ORDER], render: fmtPct },
    { title: t('overview.timeliness'), dataIndex: 'timeliness_pct', key: 'timeliness', align: 'right', width: 96, sorter: byNumber((r) => r.timeliness_pct), sortDirections: [...ORDER], render: fmtPct },
    {
      title: t('overview.alerts'),
      dataIndex: 'open_alerts',
      key: 'alerts',
      align: 'right',
      sorter: byNumber((r) => r.open_alerts),
      sortDirections: [...ORDER],
      render: (v: number, row) => <Link to={alertsUrl({ agencyId: row.agency_id })}>{formatNumber(v, language)}</Link>,
    },
  ];

  return (
    <Card title={t('overview.ranking')} size="small" className="ranking-card">
      {scorecard.isError ? (
        <ErrorState error={scorecard.error} onRetry={() => void scorecard.refetch()} />
      ) : (
        <>
          <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 8 }}>
            <Typography.Text type="secondary" className="chart-hint">
              {t('overview.rankingHint')}
            </Typography.Text>
            {groups.length > 1 && (
              <Select<PeerGroup>
                allowClear
                aria-label={t('overview.peerGroup')}
                placeholder={t('overview.allPeerGroups')}
                value={shown}
                onChange={setGroup}
                options={groups.map((g) => ({ value: g, label: t(`peerGroup.${g}`) }))}
                className="peer-group-filter"
                style={{ width: 200 }}
              />
            )}
          </Flex>
          <Table<ScorecardRow>
            className="ranking-table"
            rowKey="agency_id"
            size="small"
            columns={columns}
            dataSource={rows}
            loading={scorecard.isFetching}
            pagination={false}
            scroll={{ x: 1480 }}
            showSorterTooltip={false}
            locale={{ emptyText: scorecard.isPending ? t('common.loading') : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('overview.noChildren')} /> }}
          />
          <Typography.Paragraph type="secondary" className="ranking-method" data-testid="ranking-method">
            {t('overview.rankingMethod')}
          </Typography.Paragraph>
        </>
      )}
    </Card>
  );
}
