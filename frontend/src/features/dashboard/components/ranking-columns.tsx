import { Button, Flex, Progress, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import type { PeerGroup, ScorecardRow } from '../../../api/models';
import { HealthTag } from '../../../components/HealthTag';
import { formatNumber, formatPercent } from '../../../lib/format';
import type { Language, Translate } from '../../../lib/i18n/i18n';
import { DataQualityTag } from './DataQualityTag';
import { EvaluationCell } from './EvaluationCard';
import type { DateRange } from './evaluation-data';
import { alertsUrl, evaluationTasksUrl, tasksUrl } from './overview-data';
import { compareLaggards, compareOptional, compareRank } from './ranking-data';

const ORDER = ['ascend', 'descend'] as const;
type Sorter = (a: ScorecardRow, b: ScorecardRow) => number;
const byNumber = (pick: (row: ScorecardRow) => number | null | undefined): Sorter => (a, b) => compareOptional(pick(a), pick(b));

interface ColumnsArgs {
  t: Translate;
  language: Language;
  resolutionId: string | undefined;
  evaluatedRange: DateRange | undefined;
  onAgencyClick: (agencyId: string) => void;
}

/** The ranking's columns, every one sortable; the peer group and the data-quality mark beside the score. */
export function rankingColumns({ t, language, resolutionId, evaluatedRange, onAgencyClick }: ColumnsArgs): TableColumnsType<ScorecardRow> {
  const fmtPct = (v: number | null | undefined) => (v === null || v === undefined ? t('common.none') : formatPercent(v, language));
  return [
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
}
