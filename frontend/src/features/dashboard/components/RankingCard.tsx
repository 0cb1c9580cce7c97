import type { UseQueryResult } from '@tanstack/react-query';
import { Card, Empty, Flex, Select, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { PeerGroup, ScorecardRow } from '../../../api/models';
import { ErrorState } from '../../../components/PageState';
import { useI18n } from '../../../lib/i18n/i18n';
import type { DateRange } from './evaluation-data';
import { rankingColumns } from './ranking-columns';
import { laggardsFirst, peerGroupsOf } from './ranking-data';

interface Props {
  scorecard: UseQueryResult<ScorecardRow[]>;
  resolutionId: string | undefined;
  /** The period the evaluation counts cover, for their links. */
  evaluatedRange: DateRange | undefined;
  /** A click on an agency's name narrows the overview to that agency. */
  onAgencyClick: (agencyId: string) => void;
}

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

  const columns = rankingColumns({ t, language, resolutionId, evaluatedRange, onAgencyClick });

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
