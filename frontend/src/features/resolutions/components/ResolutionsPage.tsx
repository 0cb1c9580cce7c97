import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router';
import { RESOLUTION_STATUSES, type Resolution, type ResolutionStatus } from '../../../api/models';
import { EmptyState, ErrorState } from '../../../components/PageState';
import { formatDate, formatNumber } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { useResolutions } from '../api/resolutions';
import { useAgencyDirectory } from './agency-directory';
import { CreateResolutionDialog } from './ResolutionDialogs';
import { ProgressBar, ResolutionStatusTag } from './TaskTags';
import { ResponsiveTable } from '../../../components/ResponsiveTable';

export function ResolutionsPage() {
  const { t, language } = useI18n();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<ResolutionStatus | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const directory = useAgencyDirectory();
  // The server says who may plan resolutions; the button follows it.
  const canCreate = directory.me.data?.actions.plan_resolutions ?? false;
  const [creating, setCreating] = useState(false);
  const resolutions = useResolutions({ q: search || undefined, status, limit: pageSize, offset: (page - 1) * pageSize });

  const columns: ColumnsType<Resolution> = [
    {
      title: t('resolutions.code'),
      dataIndex: 'code',
      key: 'code',
      width: 130,
      render: (code: string, r) => (
        <Link to={`/resolutions/${r.id}`} className="resolution-link" data-code={code}>
          <Typography.Text strong>{code}</Typography.Text>
        </Link>
      ),
    },
    {
      title: t('resolutions.name'),
      dataIndex: 'title',
      key: 'title',
      render: (title: string, r) => <Link to={`/resolutions/${r.id}`}>{title}</Link>,
    },
    { title: t('resolutions.issuedOn'), dataIndex: 'issued_on', key: 'issued_on', width: 130, responsive: ['md'], render: (d: string | null) => formatDate(d, language) },
    { title: t('common.status'), dataIndex: 'status', key: 'status', width: 140, render: (s: ResolutionStatus) => <ResolutionStatusTag status={s} /> },
    { title: t('resolutions.progress'), dataIndex: 'progress', key: 'progress', width: 190, render: (p: number) => <ProgressBar value={p} /> },
  ];

  return (
    <div className="page">
      <Flex justify="space-between" align="center" wrap gap={8} className="page-header">
        <Typography.Title level={1} className="page-title" style={{ margin: 0 }}>
          {t('resolutions.title')}
        </Typography.Title>
        {canCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('plan.resolution.create')}
          </Button>
        )}
      </Flex>
      <Card size="small">
        <Flex gap={12} wrap className="filters">
          <Input.Search
            allowClear
            aria-label={t('resolutions.search')}
            placeholder={t('resolutions.search')}
            onSearch={(value) => {
              setSearch(value.trim());
              setPage(1);
            }}
            style={{ width: 340, maxWidth: '100%' }}
          />
          <Select<ResolutionStatus>
            allowClear
            aria-label={t('resolutions.statusFilter')}
            placeholder={t('resolutions.statusFilter')}
            value={status}
            onChange={(value) => {
              setStatus(value);
              setPage(1);
            }}
            options={RESOLUTION_STATUSES.map((s) => ({ value: s, label: t(`resolutionStatus.${s}`) }))}
            style={{ width: 200 }}
          />
        </Flex>
        {resolutions.isError ? (
          <ErrorState error={resolutions.error} onRetry={() => void resolutions.refetch()} />
        ) : (
          <ResponsiveTable<Resolution>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={resolutions.data?.items ?? []}
            loading={resolutions.isFetching}
            scroll={{ x: 760 }}
            locale={{ emptyText: resolutions.isPending ? ' ' : <EmptyState description={t('resolutions.empty')} /> }}
            pagination={{
              current: page,
              pageSize,
              total: resolutions.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (total) => t('common.total', { count: formatNumber(total, language) }),
              onChange: (nextPage, nextSize) => {
                setPage(nextSize === pageSize ? nextPage : 1);
                setPageSize(nextSize);
              },
            }}
          />
        )}
      </Card>
      {creating && <CreateResolutionDialog ownerOptions={directory.options} defaultOwner={directory.me.data?.agency_id} onClose={() => setCreating(false)} />}
    </div>
  );
}
