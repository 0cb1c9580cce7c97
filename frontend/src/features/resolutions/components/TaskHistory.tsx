import { Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { AuditEntry } from '../../../api/models';
import { JsonDiff } from '../../../components/JsonDiff';
import { EmptyState, ErrorState } from '../../../components/PageState';
import { auditActionLabel } from '../../../lib/audit-labels';
import { formatDateTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { useTaskHistory } from '../api/tasks';


/** The task's audit trail: who changed what, with before/after for each change. */
export function TaskHistory({ taskId }: { taskId: string }) {
  const { t, language } = useI18n();
  const history = useTaskHistory(taskId);
  if (history.isError) return <ErrorState error={history.error} onRetry={() => void history.refetch()} />;
  const columns: ColumnsType<AuditEntry> = [
    { title: t('audit.at'), dataIndex: 'at', key: 'at', width: 170, render: (at: string) => formatDateTime(at, language) },
    { title: t('audit.actor'), dataIndex: 'actor_name', key: 'actor', render: (name: string) => <Typography.Text>{name}</Typography.Text> },
    { title: t('audit.action'), dataIndex: 'action', key: 'action', render: (a: string) => auditActionLabel(a, t) },
  ];
  return (
    <Table<AuditEntry>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={history.data?.items ?? []}
      loading={history.isFetching}
      pagination={false}
      expandable={{ expandedRowRender: (e) => <JsonDiff before={e.before} after={e.after} entityType={e.entity_type} /> }}
      locale={{ emptyText: history.isPending ? ' ' : <EmptyState description={t('tasks.historyEmpty')} /> }}
    />
  );
}
