import { EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Breadcrumb, Button, Card, Descriptions, Flex, Space, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo, useState, type Key } from 'react';
import { Link, useParams } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../../components/PageState';
import { agencyTreeOptions, type AgencyOption } from '../../../lib/agency-tree';
import { formatDate, formatNumber } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { useResolutionTree } from '../api/resolutions';
import { useCreateTask, useTask, useUpdateTask } from '../api/tasks';
import { useAgencyDirectory } from './agency-directory';
import { AgencyName, AgencyTags } from './AgencyName';
import { CommitteePanel } from './CommitteePanel';
import { findAgency, newTaskDefaults, taskToFormValues, toCreateBody, toUpdateBody } from './task-form';
import { TaskFormDrawer } from './TaskFormDrawer';
import { buildTaskRows, countRows, expandableKeys, type TaskRow } from './task-tree';
import { ReportCalendarValue } from './ReportCalendar';
import { EditResolutionDialog } from './ResolutionDialogs';
import { HealthTag, ProgressBar, ResolutionStatusTag } from './TaskTags';

type Dialog = { mode: 'create'; parent: TaskRow | null } | { mode: 'edit'; row: TaskRow } | null;

export function ResolutionPage() {
  const { id } = useParams();
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const tree = useResolutionTree(id);
  const directory = useAgencyDirectory();
  const { nameOf } = directory;
  const createTask = useCreateTask();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [editing, setEditing] = useState(false);
  const [expandedByUser, setExpanded] = useState<readonly Key[] | null>(null);

  const rows = useMemo(() => buildTaskRows(tree.data?.tasks ?? []), [tree.data]);
  const allKeys = useMemo(() => expandableKeys(rows), [rows]);
  const expanded = expandedByUser ?? allKeys;

  if (tree.isPending || directory.me.isPending || (directory.tree.isPending && directory.me.data)) return <LoadingState />;
  if (tree.isError) return <ErrorState error={tree.error} onRetry={() => void tree.refetch()} />;
  const resolution = tree.data.resolution;
  // Buttons follow what the server says this user may do with each task and the resolution.
  const actionsFor = (row: TaskRow) => row.actions;
  const canAddTop = resolution.actions.add_task;
  const subtreeOptions = (agencyId: string | undefined): AgencyOption[] => {
    const node = findAgency(directory.tree.data, agencyId);
    return node ? [agencyTreeOptions(node)] : directory.options;
  };

  const columns: ColumnsType<TaskRow> = [
    {
      title: t('tasks.code'),
      dataIndex: 'code',
      key: 'code',
      width: 196,
      render: (code: string, row) => (
        <Link to={`/tasks/${row.id}`} className="task-code" data-code={code}>
          {code}
        </Link>
      ),
    },
    { title: t('tasks.name'), dataIndex: 'title', key: 'title', render: (title: string) => <span className="task-title">{title}</span> },
    {
      title: (
        <>
          {t('tasks.lead')}
          <Typography.Text type="secondary" className="column-subtitle">
            {t('tasks.coordinators')}
          </Typography.Text>
        </>
      ),
      dataIndex: 'lead_agency_id',
      key: 'agencies',
      width: 180,
      render: (lead: string, row) => (
        <div className="task-agencies">
          <span className="task-lead">
            <AgencyName id={lead} nameOf={nameOf} />
          </span>
          {row.coordinating_agency_ids.length > 0 && (
            <div className="task-coordinators" aria-label={t('tasks.coordinators')}>
              <AgencyTags ids={row.coordinating_agency_ids} nameOf={nameOf} />
            </div>
          )}
        </div>
      ),
    },
    { title: t('tasks.dueDate'), dataIndex: 'due_date', key: 'due', width: 104, render: (d: string) => formatDate(d, language) },
    { title: t('tasks.progress'), dataIndex: 'progress', key: 'progress', width: 124, render: (p: number, row) => <ProgressBar value={p} health={row.health} width={64} /> },
    { title: t('tasks.health'), dataIndex: 'health', key: 'health', width: 134, render: (_: unknown, row) => <HealthTag health={row.health} /> },
    {
      title: <span className="visually-hidden">{t('common.actions')}</span>,
      key: 'actions',
      width: 84,
      fixed: 'right',
      render: (_: unknown, row) => {
        const can = actionsFor(row);
        return (
          <Space size={0}>
            {can.decompose && (
              <Tooltip title={t('tasks.addChild')}>
                <Button size="small" type="text" icon={<PlusOutlined />} aria-label={t('tasks.addChild')} onClick={() => setDialog({ mode: 'create', parent: row })} />
              </Tooltip>
            )}
            {can.edit && (
              <Tooltip title={t('common.edit')}>
                <Button size="small" type="text" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => setDialog({ mode: 'edit', row })} />
              </Tooltip>
            )}
          </Space>
        );
      },
    },
  ];

  const count = countRows(rows);

  return (
    <div className="page">
      <Breadcrumb className="page-breadcrumb" items={[{ title: <Link to="/resolutions">{t('nav.resolutions')}</Link> }, { title: resolution.code }]} />
      <Card className="resolution-header">
        <Flex justify="space-between" align="flex-start" gap={16} wrap>
          <div style={{ flex: '1 1 420px', minWidth: 0 }}>
            <Space size={8} wrap>
              <Typography.Title level={1} className="page-title" style={{ margin: 0 }} data-testid="resolution-code">
                {resolution.code}
              </Typography.Title>
              <ResolutionStatusTag status={resolution.status} />
              {resolution.actions.edit && (
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)}>
                  {t('plan.resolution.edit')}
                </Button>
              )}
            </Space>
            <Typography.Title level={5} style={{ marginTop: 8 }}>
              {resolution.title}
            </Typography.Title>
            {resolution.summary && <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>{resolution.summary}</Typography.Paragraph>}
          </div>
          <Descriptions size="small" column={1} style={{ flex: '0 1 380px' }}>
            <Descriptions.Item label={t('resolutions.issuedOn')}>{formatDate(resolution.issued_on, language)}</Descriptions.Item>
            <Descriptions.Item label={t('resolutions.tasks')}>{t('resolutions.taskCount', { count: formatNumber(count, language) })}</Descriptions.Item>
            <Descriptions.Item label={t('resolutions.progress')}>
              <ProgressBar value={resolution.progress} width={180} />
            </Descriptions.Item>
            <Descriptions.Item label={t('reportCalendar.label')}>
              <ReportCalendarValue resolution={resolution} />
            </Descriptions.Item>
          </Descriptions>
        </Flex>
      </Card>
      <CommitteePanel resolutionId={resolution.id} resolutionCode={resolution.code} />
      {resolution.status === 'closed' && <Alert type="info" showIcon message={t('resolutions.closed')} className="form-alert" />}
      <Card
        size="small"
        title={t('resolutions.tasks')}
        extra={
          <Space wrap>
            <Button size="small" onClick={() => setExpanded(expanded.length > 0 ? [] : allKeys)} disabled={allKeys.length === 0}>
              {expanded.length > 0 ? t('resolutions.collapseAll') : t('resolutions.expandAll')}
            </Button>
            <Button size="small" icon={<ReloadOutlined />} aria-label={t('common.reload')} onClick={() => void tree.refetch()} loading={tree.isFetching} />
            {canAddTop && (
              <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ mode: 'create', parent: null })}>
                {t('tasks.addTop')}
              </Button>
            )}
          </Space>
        }
      >
        <Table<TaskRow>
          className="task-tree"
          data-testid="task-tree"
          rowKey="key"
          size="small"
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 960 }}
          expandable={{ expandedRowKeys: expanded, onExpandedRowsChange: (keys) => setExpanded(keys), indentSize: 14 }}
          locale={{ emptyText: <EmptyState description={t('resolutions.noTasks')} /> }}
        />
      </Card>

      {dialog?.mode === 'create' && (
        <TaskFormDrawer
          title={dialog.parent ? t('tasks.createTitle', { code: dialog.parent.code }) : t('tasks.createTopTitle', { code: resolution.code })}
          parentLabel={dialog.parent ? `${dialog.parent.code} — ${dialog.parent.title}` : undefined}
          parentDue={dialog.parent?.due_date}
          initial={newTaskDefaults(
            dialog.parent,
            resolution.code,
            (dialog.parent ? (dialog.parent.children ?? []) : rows).map((r) => r.code),
            dayjs(),
          )}
          leadOptions={subtreeOptions(dialog.parent ? dialog.parent.lead_agency_id : resolution.owner_agency_id)}
          coordinatorOptions={directory.options}
          onClose={() => setDialog(null)}
          onSubmit={async (values) => {
            const created = await createTask.mutateAsync(toCreateBody(values, resolution.id, dialog.parent?.id ?? null));
            if (dialog.parent) setExpanded([...new Set([...expanded, dialog.parent.key])]);
            void message.success(t('tasks.created', { code: created.code }));
          }}
        />
      )}
      {editing && <EditResolutionDialog id={resolution.id} ownerOptions={directory.options} onClose={() => setEditing(false)} />}
      {dialog?.mode === 'edit' && (
        <EditTaskDrawer
          row={dialog.row}
          leadOptions={subtreeOptions(dialog.row.parent_id ? dialog.row.parentLeadAgencyId : resolution.owner_agency_id)}
          coordinatorOptions={directory.options}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}

/** Fetches the task (for its ETag) and edits it with If-Match; a 412 offers to load the latest version. */
function EditTaskDrawer({
  row,
  leadOptions,
  coordinatorOptions,
  onClose,
}: {
  row: TaskRow;
  leadOptions: AgencyOption[];
  coordinatorOptions: AgencyOption[];
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const task = useTask(row.id);
  const updateTask = useUpdateTask();
  return (
    <TaskFormDrawer
      title={t('tasks.editTitle', { code: row.code })}
      loading={task.isPending}
      loadError={task.isError ? task.error : undefined}
      onRetryLoad={() => void task.refetch()}
      initial={task.data ? taskToFormValues(task.data.task) : undefined}
      leadOptions={leadOptions}
      coordinatorOptions={coordinatorOptions}
      onClose={onClose}
      onSubmit={async (values) => {
        if (!task.data) return;
        const body = toUpdateBody(values, task.data.task);
        if (Object.keys(body).length === 0) return;
        await updateTask.mutateAsync({ id: row.id, etag: task.data.etag, body });
        void message.success(t('common.saved'));
      }}
      onReloadStale={async () => {
        const fresh = await task.refetch({ throwOnError: true });
        return fresh.data ? taskToFormValues(fresh.data.task) : undefined;
      }}
    />
  );
}
