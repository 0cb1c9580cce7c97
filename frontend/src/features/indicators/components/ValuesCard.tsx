import { Card, Flex, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { Indicator, IndicatorValue } from '../../../api/models';
import { EmptyState, ErrorState } from '../../../components/PageState';
import { formatDateTime, formatNumber, formatValue } from '../../../lib/format';
import { AttachmentList } from '../../../components/AttachmentList';
import { useI18n } from '../../../lib/i18n/i18n';
import { describePeriod } from '../../../lib/periods';
import { useUserNames, useValues } from '../api/indicators';
import type { useAgencyDirectory } from './agency-directory';
import { AgencyName, ValueStatusTag } from './IndicatorTags';
import { UnlockButton } from './UnlockButton';
import { ValueActions } from './ValueActions';
import { ValueDeadline } from './ValueDeadline';

interface Props {
  indicator: Indicator;
  directory: ReturnType<typeof useAgencyDirectory>;
}

/** The figures of the indicator the user may see: current revisions, or every revision on demand. */
export function ValuesCard({ indicator, directory }: Props) {
  const { t, language } = useI18n();
  const [allRevisions, setAllRevisions] = useState(false);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(10);
  const values = useValues(indicator.id, { all_revisions: allRevisions || undefined, limit: pageSize, offset: (page - 1) * pageSize });
  const users = useUserNames();
  const { nameOf } = directory;
  const fmt = (v: number) => formatValue(v, indicator.value_type, indicator.unit, language, t);

  const columns: ColumnsType<IndicatorValue> = [
    { title: t('indicators.period'), dataIndex: 'period', key: 'period', width: 110, render: (p: string) => describePeriod(p, t) },
    { title: t('values.agency'), dataIndex: 'agency_id', key: 'agency', width: 170, render: (id: string) => <AgencyName id={id} nameOf={nameOf} /> },
    { title: t('indicators.value'), dataIndex: 'value', key: 'value', align: 'right', width: 90, render: (v: number) => <strong>{fmt(v)}</strong> },
    {
      title: t('common.status'),
      key: 'status',
      width: 170,
      render: (_, v) => <ValueStatusTag value={v} />,
    },
    { title: t('timeliness.dueDate'), key: 'due', width: 170, render: (_, v) => <ValueDeadline value={v} /> },
    {
      title: t('values.revision'),
      key: 'revision',
      width: 130,
      responsive: ['md'],
      render: (_, v) => (
        <span>
          {formatNumber(v.revision, language)}{' '}
          {v.counted ? (
            <Tag color="green" bordered={false}>
              {t('values.counted')}
            </Tag>
          ) : !v.current ? (
            <Tag bordered={false}>{t('values.superseded')}</Tag>
          ) : null}
        </span>
      ),
    },
    {
      title: t('values.submittedBy'),
      key: 'submitted',
      width: 220,
      responsive: ['lg'],
      render: (_, v) =>
        v.submitted_by ? (
          <div>
            <div>{users.data?.get(v.submitted_by) ?? t('values.unknownUser')}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(v.submitted_at, language)}
            </Typography.Text>
          </div>
        ) : (
          '—'
        ),
    },
    {
      title: t('values.note'),
      key: 'note',
      responsive: ['xl'],
      render: (_, v) => (
        <div className="value-note">
          {v.note ? <Typography.Paragraph ellipsis={{ rows: 1, tooltip: v.note }} style={{ marginBottom: 0 }}>{v.note}</Typography.Paragraph> : '—'}
        </div>
      ),
    },
    {
      title: t('values.evidence'),
      key: 'evidence',
      responsive: ['md'],
      render: (_, v) => (
        <div className="value-evidence">
          {v.evidence_url && (
            <a href={v.evidence_url} target="_blank" rel="noopener noreferrer">
              {t('values.evidenceLink')}
            </a>
          )}
          <AttachmentList attachments={v.attachments} />
          {!v.evidence_url && v.attachments.length === 0 && '—'}
        </div>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 170,
      // The buttons are what the server says this user may do with each figure.
      render: (_, v) => (
        <Flex vertical gap={4} align="flex-start">
          <ValueActions
            value={v}
            shown={fmt(v.value)}
            summary={t('return.summary', { indicator: indicator.code, agency: nameOf(v.agency_id) ?? t('indicators.otherAgency'), period: describePeriod(v.period, t), value: fmt(v.value) })}
            canSubmit={v.actions.submit}
            canApprove={v.actions.approve}
            own={v.actions.own_submission}
          />
          {v.actions.unlock && (
            <UnlockButton value={v} summary={t('unlock.summary', { indicator: indicator.code, agency: nameOf(v.agency_id) ?? t('indicators.otherAgency'), period: describePeriod(v.period, t) })} />
          )}
        </Flex>
      ),
    },
  ];

  return (
    <Card
      size="small"
      title={t('values.title')}
      extra={
        <label className="switch-label">
          <Switch
            size="small"
            checked={allRevisions}
            onChange={(on) => {
              setAllRevisions(on);
              setPage(1);
            }}
          />{' '}
          {t('values.allRevisions')}
        </label>
      }
    >
      {values.isError ? (
        <ErrorState error={values.error} onRetry={() => void values.refetch()} />
      ) : (
        <Table<IndicatorValue>
          className="values-table"
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={values.data?.items ?? []}
          loading={values.isFetching}
          scroll={{ x: 1180 }}
          rowClassName={(v) => (v.current ? '' : 'value-superseded')}
          locale={{ emptyText: values.isPending ? ' ' : <EmptyState description={t('values.empty')} /> }}
          pagination={{
            current: page,
            pageSize,
            total: values.data?.total ?? 0,
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
  );
}
