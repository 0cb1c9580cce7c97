import { Card, Flex, Select, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState, type Key } from 'react';
import { Link } from 'react-router';
import type { Indicator, IndicatorValue } from '../../../api/models';
import { EmptyState, ErrorState } from '../../../components/PageState';
import { formatDateTime, formatNumber, formatValue } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { describePeriod } from '../../../lib/periods';
import { useIndicators, useUserNames, useValueQueue } from '../api/indicators';
import { useAgencyDirectory } from './agency-directory';
import { BulkDecisionBar, BulkRefusalAlert, type BulkRefusalState } from './BulkDecisionBar';
import { refusalReason } from './bulk-refusal';
import { AgencyName } from './IndicatorTags';
import { UnlockButton } from './UnlockButton';
import { ValueActions } from './ValueActions';
import { ValueContext } from './ValueContext';
import { ValueDeadline } from './ValueDeadline';
import { ResponsiveTable } from '../../../components/ResponsiveTable';

/**
 * "Phê duyệt": submitted figures of the user's subtree, approved or returned one by one or many at
 * once. Only figures whose `actions.approve` is true can be selected; a bulk decision is all or
 * nothing, and a refusal marks each refused row with its reason.
 */
export function ApprovalsPage() {
  const { t, language } = useI18n();
  const directory = useAgencyDirectory();
  const [indicatorId, setIndicatorId] = useState<string | undefined>(undefined);
  const [agencyId, setAgencyId] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const queue = useValueQueue({ status: 'submitted', indicator_id: indicatorId, agency_id: agencyId, limit: pageSize, offset: (page - 1) * pageSize });
  const indicators = useIndicators({ limit: 500 });
  const users = useUserNames();
  const byId = useMemo(() => new Map((indicators.data?.items ?? []).map((i) => [i.id, i])), [indicators.data]);
  const { nameOf } = directory;
  // The selection, in the order the ids are sent: a refusal's `ids[i]` is `selectedIds[i]`.
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  const [refusal, setRefusal] = useState<BulkRefusalState | null>(null);
  const rows = useMemo(() => queue.data?.items ?? [], [queue.data]);
  const selectableIds = rows.filter((v) => v.actions.approve).map((v) => v.id);
  const byValueId = new Map(rows.map((v) => [v.id, v]));
  const selected = selectedIds.flatMap((id) => byValueId.get(id) ?? []);
  const refusedCode = new Map((refusal?.refusals ?? []).map((r) => [r.id, r.code]));
  const resetSelection = () => {
    setSelectedIds([]);
    setRefusal(null);
  };
  const describe = (v: IndicatorValue) => {
    const indicator = byId.get(v.indicator_id);
    return `${indicator?.code ?? ''} — ${nameOf(v.agency_id) ?? t('indicators.otherAgency')}, ${describePeriod(v.period, t)}`;
  };

  const fmt = (v: IndicatorValue, indicator: Indicator | undefined) =>
    indicator ? formatValue(v.value, indicator.value_type, indicator.unit, language, t) : formatNumber(v.value, language);

  const columns: ColumnsType<IndicatorValue> = [
    {
      title: t('approvals.indicator'),
      key: 'indicator',
      render: (_, v) => {
        const indicator = byId.get(v.indicator_id);
        return (
          <Link to={`/indicators/${v.indicator_id}`} className="queue-indicator" data-code={indicator?.code}>
            <Typography.Text strong>{indicator?.code ?? '…'}</Typography.Text>
            {indicator && <div className="queue-indicator-name">{indicator.name}</div>}
            {refusedCode.has(v.id) && (
              <Typography.Text type="danger" className="bulk-refusal-reason">
                {t(refusalReason(refusedCode.get(v.id) ?? ''))}
              </Typography.Text>
            )}
          </Link>
        );
      },
    },
    { title: t('values.agency'), dataIndex: 'agency_id', key: 'agency', width: 190, render: (id: string) => <AgencyName id={id} nameOf={nameOf} /> },
    { title: t('indicators.period'), dataIndex: 'period', key: 'period', width: 120, render: (p: string) => describePeriod(p, t) },
    { title: t('indicators.value'), key: 'value', align: 'right', width: 110, render: (_, v) => <strong>{fmt(v, byId.get(v.indicator_id))}</strong> },
    { title: t('approvals.context'), key: 'context', width: 240, render: (_, v) => <ValueContext value={v} indicator={byId.get(v.indicator_id)} /> },
    { title: t('timeliness.dueDate'), key: 'due', width: 170, render: (_, v) => <ValueDeadline value={v} /> },
    {
      title: t('values.submittedBy'),
      key: 'submitted',
      width: 220,
      responsive: ['md'],
      render: (_, v) => (
        <div>
          <div>{v.submitted_by ? (users.data?.get(v.submitted_by) ?? t('values.unknownUser')) : '—'}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(v.submitted_at, language)}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 190,
      render: (_, v) => {
        const indicator = byId.get(v.indicator_id);
        return (
          <Flex vertical gap={4} align="flex-start">
            <ValueActions
              value={v}
              shown={fmt(v, indicator)}
              summary={t('return.summary', {
                indicator: indicator ? `${indicator.code} ${indicator.name}` : '',
                agency: nameOf(v.agency_id) ?? t('indicators.otherAgency'),
                period: describePeriod(v.period, t),
                value: fmt(v, indicator),
              })}
              canSubmit={false}
              canApprove={v.actions.approve}
              own={v.actions.own_submission}
            />
            {v.actions.unlock && <UnlockButton value={v} summary={describe(v)} />}
          </Flex>
        );
      },
    },
  ];

  return (
    <div className="page">
      <div className="page-header">
        <Typography.Title level={1} className="page-title" style={{ margin: 0 }}>
          {t('approvals.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('approvals.subtitle')}</Typography.Text>
      </div>
      <Card size="small">
        <Flex gap={12} wrap className="filters" align="center">
          <Select<string>
            allowClear
            showSearch
            optionFilterProp="label"
            aria-label={t('approvals.indicatorFilter')}
            placeholder={t('approvals.indicatorFilter')}
            value={indicatorId}
            onChange={(v) => {
              setIndicatorId(v);
              setPage(1);
              resetSelection();
            }}
            options={(indicators.data?.items ?? []).filter((i) => i.group !== 'composite').map((i) => ({ value: i.id, label: `${i.code} — ${i.name}` }))}
            popupMatchSelectWidth={false}
            style={{ width: 300, maxWidth: '100%' }}
          />
          <TreeSelect
            allowClear
            showSearch
            treeDefaultExpandAll
            treeNodeFilterProp="title"
            aria-label={t('approvals.agencyFilter')}
            placeholder={t('approvals.agencyFilter')}
            treeData={directory.options}
            value={agencyId}
            onChange={(v: string | undefined) => {
              setAgencyId(v);
              setPage(1);
              resetSelection();
            }}
            popupMatchSelectWidth={false}
            style={{ width: 260 }}
          />
        </Flex>
        <BulkDecisionBar
          selected={selected}
          selectable={selectableIds.length}
          onSelectPage={() => setSelectedIds([...selectedIds, ...selectableIds.filter((id) => !selectedIds.includes(id))])}
          onClear={resetSelection}
          onDecided={resetSelection}
          onRefused={setRefusal}
        />
        {refusal && (
          <BulkRefusalAlert
            refusal={refusal}
            describe={describe}
            onClose={() => setRefusal(null)}
            onDeselect={() => {
              setSelectedIds(selectedIds.filter((id) => !refusedCode.has(id)));
              setRefusal(null);
            }}
          />
        )}
        {queue.isError ? (
          <ErrorState error={queue.error} onRetry={() => void queue.refetch()} />
        ) : (
          <ResponsiveTable<IndicatorValue>
            className="approvals-table"
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={rows}
            loading={queue.isFetching}
            scroll={{ x: 1000 }}
            rowClassName={(v) => (refusedCode.has(v.id) ? 'bulk-refused' : '')}
            rowSelection={{
              selectedRowKeys: selectedIds,
              // Keeps the order of selection: the ids are sent (and refusals named) in that order.
              onChange: (keys: Key[]) => {
                const next = new Set(keys.map(String));
                setSelectedIds([...selectedIds.filter((id) => next.has(id)), ...[...next].filter((id) => !selectedIds.includes(id))]);
              },
              getCheckboxProps: (v) => ({ disabled: !v.actions.approve, 'aria-label': t('bulk.select', { label: describe(v) }) }),
            }}
            locale={{ emptyText: queue.isPending ? ' ' : <EmptyState description={t('approvals.empty')} /> }}
            pagination={{
              current: page,
              pageSize,
              total: queue.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (total) => t('common.total', { count: formatNumber(total, language) }),
              onChange: (nextPage, nextSize) => {
                setPage(nextSize === pageSize ? nextPage : 1);
                setPageSize(nextSize);
                resetSelection();
              },
            }}
          />
        )}
      </Card>
    </div>
  );
}
