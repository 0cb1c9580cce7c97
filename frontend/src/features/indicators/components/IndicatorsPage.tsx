import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router';
import { INDICATOR_GROUPS, type Frequency, type Indicator, type IndicatorGroup } from '../../../api/models';
import { EmptyState, ErrorState } from '../../../components/PageState';
import { formatNumber } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { useIndicators } from '../api/indicators';
import { useAgencyDirectory } from './agency-directory';
import { CreateIndicatorDialog } from './IndicatorDialogs';
import { AgencyName, GroupTag } from './IndicatorTags';
import { ResponsiveTable } from '../../../components/ResponsiveTable';

interface Filters {
  q?: string;
  group?: IndicatorGroup;
  owner_agency_id?: string;
}

/** "Chỉ tiêu": the catalogue of indicators the user may see, paginated by the server. */
export function IndicatorsPage() {
  const { t, language } = useI18n();
  const directory = useAgencyDirectory();
  const [filters, setFilters] = useState<Filters>({});
  const [creating, setCreating] = useState(false);
  // The server says who may plan indicators; the button follows it.
  const canCreate = directory.me.data?.actions.plan_indicators ?? false;
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const indicators = useIndicators({ ...filters, limit: pageSize, offset: (page - 1) * pageSize });
  const update = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };

  const columns: ColumnsType<Indicator> = [
    {
      title: t('indicators.code'),
      dataIndex: 'code',
      key: 'code',
      width: 170,
      render: (code: string, i) => (
        <Link to={`/indicators/${i.id}`} className="indicator-link" data-code={code}>
          <Typography.Text strong>{code}</Typography.Text>
        </Link>
      ),
    },
    { title: t('indicators.name'), dataIndex: 'name', key: 'name', render: (name: string, i) => <Link to={`/indicators/${i.id}`}>{name}</Link> },
    { title: t('indicators.group'), dataIndex: 'group', key: 'group', width: 150, render: (g: IndicatorGroup) => <GroupTag group={g} /> },
    { title: t('indicators.unit'), dataIndex: 'unit', key: 'unit', width: 110, responsive: ['md'] },
    { title: t('indicators.frequency'), dataIndex: 'frequency', key: 'frequency', width: 120, responsive: ['lg'], render: (f: Frequency) => t(`frequency.${f}`) },
    {
      title: t('indicators.owner'),
      dataIndex: 'owner_agency_id',
      key: 'owner',
      width: 200,
      responsive: ['lg'],
      render: (id: string) => <AgencyName id={id} nameOf={directory.nameOf} />,
    },
  ];

  return (
    <div className="page">
      <Flex justify="space-between" align="center" wrap gap={8} className="page-header">
        <Typography.Title level={1} className="page-title" style={{ margin: 0 }}>
          {t('indicators.title')}
        </Typography.Title>
        {canCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('plan.indicator.create')}
          </Button>
        )}
      </Flex>
      <Card size="small">
        <Flex gap={12} wrap className="filters" align="center">
          <Input.Search
            allowClear
            aria-label={t('indicators.search')}
            placeholder={t('indicators.search')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(v) => update({ q: v.trim() || undefined })}
            style={{ width: 300, maxWidth: '100%' }}
          />
          <Select<IndicatorGroup>
            allowClear
            aria-label={t('indicators.groupFilter')}
            placeholder={t('indicators.groupFilter')}
            value={filters.group}
            onChange={(v) => update({ group: v })}
            options={INDICATOR_GROUPS.map((g) => ({ value: g, label: t(`group.${g}`) }))}
            style={{ width: 190 }}
          />
          <TreeSelect
            allowClear
            showSearch
            treeDefaultExpandAll
            treeNodeFilterProp="title"
            aria-label={t('indicators.ownerFilter')}
            placeholder={t('indicators.ownerFilter')}
            treeData={directory.options}
            value={filters.owner_agency_id}
            onChange={(v: string | undefined) => update({ owner_agency_id: v })}
            popupMatchSelectWidth={false}
            style={{ width: 260 }}
          />
          <Button
            onClick={() => {
              setSearch('');
              setFilters({});
              setPage(1);
            }}
          >
            {t('indicators.clear')}
          </Button>
        </Flex>
        {indicators.isError ? (
          <ErrorState error={indicators.error} onRetry={() => void indicators.refetch()} />
        ) : (
          <ResponsiveTable<Indicator>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={indicators.data?.items ?? []}
            loading={indicators.isFetching}
            scroll={{ x: 640 }}
            locale={{ emptyText: indicators.isPending ? ' ' : <EmptyState description={t('indicators.empty')} /> }}
            pagination={{
              current: page,
              pageSize,
              total: indicators.data?.total ?? 0,
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
      {creating && (
        <CreateIndicatorDialog ownerOptions={directory.options} agencyOptions={directory.options} defaultOwner={directory.me.data?.agency_id} onClose={() => setCreating(false)} />
      )}
    </div>
  );
}
