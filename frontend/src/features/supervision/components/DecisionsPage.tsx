import { Button, Card, Flex, Input, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Task } from '../../../api/models';
import { EmptyState, ErrorState } from '../../../components/PageState';
import { formatDate, formatDateTime, formatNumber } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { useAgencyNames } from './agency-names';
import { useAwaitingDecision } from '../api/decisions';
import { WAITING_COLOR, WAITING_LABEL, whatWaits, type Waiting } from './waiting';

/**
 * "Chờ quyết định": the tasks the user's agency assigned that wait for its decision — a completion
 * to accept or return, an extension or a cancellation to grant or refuse. The decisions are made on
 * the task page; this list only says what waits and leads there.
 */
export function DecisionsPage() {
  const { t, language } = useI18n();
  const nameOf = useAgencyNames();
  const [q, setQ] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useAwaitingDecision({ q, limit: pageSize, offset: (page - 1) * pageSize });
  const tasks = list.data?.items ?? [];

  const columns: ColumnsType<Task> = [
    {
      title: t('tasks.code'),
      dataIndex: 'code',
      key: 'code',
      width: 130,
      render: (code: string, task) => (
        <Link to={`/tasks/${task.id}`} className="task-code" data-code={code}>
          {code}
        </Link>
      ),
    },
    { title: t('tasks.name'), dataIndex: 'title', key: 'title' },
    { title: t('tasks.lead'), dataIndex: 'lead_agency_id', key: 'lead', width: 180, render: (id: string) => nameOf(id) ?? <Typography.Text type="secondary">{t('tasks.otherAgency')}</Typography.Text> },
    {
      title: t('decisions.waiting'),
      key: 'waiting',
      width: 230,
      // Each decision the task waits for (the list's `waiting`, oldest first): usually one.
      render: (_, task) => (
        <div className="decision-waiting-list">
          {whatWaits(task).map((waiting, i) => (
            <WaitingItem key={waiting.id ?? i} waiting={waiting} />
          ))}
        </div>
      ),
    },
    {
      title: t('tasks.dueDate'),
      dataIndex: 'due_date',
      key: 'due',
      width: 110,
      render: (d: string, task) => <span className={task.health === 'overdue' ? 'text-bad' : undefined}>{formatDate(d, language)}</span>,
    },
    {
      title: t('common.actions'),
      key: 'open',
      width: 150,
      render: (_, task) => (
        <Link to={`/tasks/${task.id}`}>
          <Button size="small" type="primary" ghost>
            {t('decisions.open')}
          </Button>
        </Link>
      ),
    },
  ];

  return (
    <div className="page">
      <div className="page-header">
        <Typography.Title level={1} className="page-title" style={{ margin: 0 }}>
          {t('decisions.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('decisions.subtitle')}</Typography.Text>
      </div>
      <Card size="small">
        <Flex gap={12} wrap className="filters" align="center">
          <Input.Search
            allowClear
            aria-label={t('tasks.search')}
            placeholder={t('tasks.search')}
            onSearch={(v) => {
              setQ(v.trim() || undefined);
              setPage(1);
            }}
            style={{ width: 280, maxWidth: '100%' }}
          />
        </Flex>
        {list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<Task>
            className="decisions-table"
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={tasks}
            loading={list.isFetching}
            scroll={{ x: 980 }}
            locale={{ emptyText: list.isPending ? ' ' : <EmptyState description={q ? t('decisions.emptySearch') : t('decisions.empty')} /> }}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
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

function WaitingItem({ waiting }: { waiting: Waiting }) {
  const { t, language } = useI18n();
  return (
    <div className="decision-waiting" data-kind={waiting.kind} data-id={waiting.id}>
      <Tag color={WAITING_COLOR[waiting.kind]} bordered={false}>
        {t(WAITING_LABEL[waiting.kind])}
      </Tag>
      {(waiting.since || waiting.dueDate) && (
        <div className="decision-hint">
          <Typography.Text type="secondary">
            {waiting.dueDate && t('decisions.hint.newDueDate', { date: formatDate(waiting.dueDate, language) })}
            {waiting.dueDate && waiting.since && ' · '}
            {waiting.since && t('decisions.hint.since', { date: formatDateTime(waiting.since, language) })}
          </Typography.Text>
        </div>
      )}
    </div>
  );
}
