import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { IndicatorSet } from '../../../api/models';
import { EmptyState, ErrorState } from '../../../components/PageState';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { useAgencyDirectory } from './agency-directory';
import { useCreateSet, useIndicatorOptions, useIndicatorSets } from '../api/indicator-sets';
import { toCreateSetBody } from './set-form';
import { SetFormModal } from './SetFormModal';
import { SetStatusTag } from './SetStatusTag';

/** "Bộ chỉ tiêu": every version of every set in reach, newest first as the server lists them. */
export function IndicatorSetsPage() {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const directory = useAgencyDirectory();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const sets = useIndicatorSets({ limit: 20, offset: (page - 1) * 20 });
  const create = useCreateSet();
  const indicatorOptions = useIndicatorOptions(creating);
  // The server says who may plan indicator sets; the button follows it.
  const canCreate = directory.me.data?.actions.plan_indicators ?? false;

  const columns: ColumnsType<IndicatorSet> = [
    {
      title: t('plan.set.code'),
      dataIndex: 'code',
      key: 'code',
      render: (code: string, s) => (
        <Link to={`/indicator-sets/${s.id}`} className="set-link" data-code={code}>
          <Typography.Text strong>{code}</Typography.Text>
        </Link>
      ),
    },
    { title: t('plan.set.name'), dataIndex: 'name', key: 'name', render: (name: string, s) => <Link to={`/indicator-sets/${s.id}`}>{name}</Link> },
    { title: t('plan.set.version'), dataIndex: 'set_version', key: 'version', width: 110, render: (v: number) => t('plan.set.versionN', { n: v }) },
    { title: t('common.status'), dataIndex: 'status', key: 'status', width: 140, render: (s: IndicatorSet['status']) => <SetStatusTag status={s} /> },
    { title: t('plan.set.itemCount'), key: 'items', width: 120, align: 'right', render: (_: unknown, s) => formatNumber(s.items.length, language) },
    { title: t('plan.set.publishedAt'), dataIndex: 'published_at', key: 'published', width: 170, responsive: ['md'], render: (d: string | null) => formatDateTime(d, language) },
  ];

  return (
    <div className="page">
      <Flex justify="space-between" align="center" wrap gap={8} className="page-header">
        <Typography.Title level={1} className="page-title" style={{ margin: 0 }}>
          {t('plan.set.title')}
        </Typography.Title>
        {canCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('plan.set.create')}
          </Button>
        )}
      </Flex>
      <Card size="small">
        {sets.isError ? (
          <ErrorState error={sets.error} onRetry={() => void sets.refetch()} />
        ) : (
          <Table<IndicatorSet>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={sets.data?.items ?? []}
            loading={sets.isFetching}
            scroll={{ x: 760 }}
            locale={{ emptyText: sets.isPending ? ' ' : <EmptyState description={t('plan.set.empty')} /> }}
            pagination={{ current: page, pageSize: 20, total: sets.data?.total ?? 0, onChange: setPage, showTotal: (total) => t('common.total', { count: formatNumber(total, language) }) }}
          />
        )}
      </Card>
      {creating && (
        <SetFormModal
          initial={{ owner_agency_id: directory.me.data?.agency_id, items: [] }}
          ownerOptions={directory.options}
          indicatorOptions={indicatorOptions}
          onClose={() => setCreating(false)}
          onSubmit={async (values) => {
            const created = await create.mutateAsync(toCreateSetBody(values));
            void message.success(t('plan.set.created', { code: created.code }));
            void navigate(`/indicator-sets/${created.id}`);
          }}
        />
      )}
    </div>
  );
}
