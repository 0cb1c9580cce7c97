import { Card, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Unlock } from '../../../api/models';
import { EmptyState, ErrorState } from '../../../components/PageState';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { describePeriod } from '../../../lib/periods';
import { useUnlocks } from '../api/reporting';
import { AgencyName } from './IndicatorTags';

/** The unlocks of the indicator's locked periods that the user can see, newest first. */
export function UnlocksCard({ indicatorId, nameOf }: { indicatorId: string; nameOf: (id: string) => string | undefined }) {
  const { t, language } = useI18n();
  const unlocks = useUnlocks(indicatorId);
  const columns: ColumnsType<Unlock> = [
    { title: t('unlocks.period'), dataIndex: 'period', key: 'period', width: 120, render: (p: string) => describePeriod(p, t) },
    { title: t('unlocks.agency'), dataIndex: 'agency_id', key: 'agency', width: 180, render: (id: string) => <AgencyName id={id} nameOf={nameOf} /> },
    { title: t('unlocks.reason'), dataIndex: 'reason', key: 'reason', render: (r: string) => <span className="unlock-reason">{r}</span> },
    { title: t('unlocks.openUntil'), dataIndex: 'open_until', key: 'until', width: 110, render: (d: string) => formatDate(d, language) },
    {
      title: t('unlocks.grantedBy'),
      key: 'by',
      width: 220,
      render: (_, u) => (
        <div>
          <div>{u.granted_by_name}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(u.granted_at, language)}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('unlocks.state'),
      key: 'state',
      width: 110,
      render: (_, u) => (
        <Tag color={u.open ? 'green' : 'default'} bordered={false}>
          {u.open ? t('unlocks.open') : t('unlocks.closed')}
        </Tag>
      ),
    },
  ];
  return (
    <Card size="small" title={t('unlocks.title')} className="section unlocks-card" data-testid="unlocks-card">
      {unlocks.isError ? (
        <ErrorState error={unlocks.error} onRetry={() => void unlocks.refetch()} />
      ) : (
        <Table<Unlock>
          className="unlocks-table"
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={unlocks.data?.items ?? []}
          loading={unlocks.isFetching}
          pagination={false}
          scroll={{ x: 820 }}
          locale={{ emptyText: unlocks.isPending ? ' ' : <EmptyState description={t('unlocks.empty')} /> }}
        />
      )}
    </Card>
  );
}
