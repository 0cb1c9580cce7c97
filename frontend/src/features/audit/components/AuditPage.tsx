import { Button, Card, DatePicker, Flex, Input, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { AuditEntry, AuditQuery } from '../../../api/models';
import { EmptyState, ErrorState } from '../../../components/PageState';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { useAuditLog } from '../api/audit';
import { JsonDiff } from '../../../components/JsonDiff';
import { AUDIT_ENTITY_TYPES, auditActionLabel, auditEntityLabel } from '../../../lib/audit-labels';

const PAGE_SIZE = 20;

interface Filters {
  entity_type?: string;
  entity_id?: string;
  actor_id?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

const ACTION_COLOR: Record<string, string> = { create: 'green', update: 'blue', delete: 'red', merge: 'orange' };

export function AuditPage() {
  const { t, language } = useI18n();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(PAGE_SIZE);

  const query: AuditQuery = {
    entity_type: filters.entity_type || undefined,
    entity_id: filters.entity_id?.trim() || undefined,
    actor_id: filters.actor_id?.trim() || undefined,
    from: filters.range?.[0]?.startOf('day').toISOString(),
    // `to` is exclusive on the server: the day after the last selected day.
    to: filters.range?.[1]?.add(1, 'day').startOf('day').toISOString(),
    limit: pageSize,
    offset: (page - 1) * pageSize,
  };
  const audit = useAuditLog(query);

  const update = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };

  const columns: ColumnsType<AuditEntry> = [
    { title: t('audit.at'), dataIndex: 'at', key: 'at', width: 170, render: (v: string) => formatDateTime(v, language) },
    {
      title: t('audit.actor'),
      key: 'actor',
      render: (_, e) =>
        e.actor_kind === 'system' ? (
          <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>
        ) : (
          <>
            {e.actor_name}
            {e.actor_kind === 'api_key' && <Tag bordered={false} style={{ marginInlineStart: 6 }}>API</Tag>}
          </>
        ),
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      key: 'action',
      render: (action: string) => {
        const verb = action.split(/[._]/).pop() ?? action;
        return (
          <Tooltip title={action}>
            <Tag color={ACTION_COLOR[verb] ?? 'default'} data-action={action}>
              {auditActionLabel(action, t)}
            </Tag>
          </Tooltip>
        );
      },
    },
    { title: t('audit.entityType'), dataIndex: 'entity_type', key: 'entity_type', render: (type: string) => auditEntityLabel(type, t) },
    {
      title: t('audit.entityId'),
      dataIndex: 'entity_id',
      key: 'entity_id',
      responsive: ['lg'],
      render: (id: string) => (
        <Tooltip title={id}>
          <Typography.Text code copyable={{ text: id }}>
            {id.slice(0, 8)}
          </Typography.Text>
        </Tooltip>
      ),
    },
  ];

  return (
    <div className="page">
      <Flex justify="space-between" align="center" className="page-header">
        <Typography.Title level={1} className="page-title" style={{ margin: 0 }}>
          {t('audit.title')}
        </Typography.Title>
      </Flex>
      <Card size="small">
        <Flex gap={12} wrap className="filters" role="search">
          <Select
            allowClear
            aria-label={t('audit.entityType')}
            placeholder={t('audit.entityType')}
            value={filters.entity_type}
            onChange={(v: string | undefined) => update({ entity_type: v })}
            options={AUDIT_ENTITY_TYPES.map((e) => ({ value: e, label: auditEntityLabel(e, t) }))}
            showSearch
            optionFilterProp="label"
            style={{ width: 200 }}
          />
          <Input.Search
            allowClear
            aria-label={t('audit.entityId')}
            placeholder={t('audit.entityId')}
            onSearch={(v) => update({ entity_id: v })}
            style={{ width: 260 }}
          />
          <Input.Search
            allowClear
            aria-label={t('audit.actorId')}
            placeholder={t('audit.actorId')}
            onSearch={(v) => update({ actor_id: v })}
            style={{ width: 260 }}
          />
          <DatePicker.RangePicker
            aria-label={t('audit.period')}
            placeholder={[t('audit.from'), t('audit.to')]}
            value={filters.range ?? null}
            onChange={(range) => update({ range })}
            format={language === 'vi' ? 'DD/MM/YYYY' : 'D MMM YYYY'}
          />
          <Button onClick={() => { setFilters({}); setPage(1); }}>{t('audit.clear')}</Button>
        </Flex>
        {audit.isError ? (
          <ErrorState error={audit.error} onRetry={() => void audit.refetch()} />
        ) : (
          <Table<AuditEntry>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={audit.data?.items ?? []}
            loading={audit.isFetching}
            scroll={{ x: 'max-content' }}
            expandable={{ expandedRowRender: (e) => <JsonDiff before={e.before} after={e.after} entityType={e.entity_type} /> }}
            locale={{ emptyText: audit.isPending ? ' ' : <EmptyState description={t('audit.empty')} /> }}
            pagination={{
              current: page,
              pageSize,
              total: audit.data?.total ?? 0,
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
    </div>
  );
}
