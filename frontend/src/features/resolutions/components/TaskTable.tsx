import { type TablePaginationConfig } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import type { Task, TaskStatus } from '../../../api/models';
import { EmptyState } from '../../../components/PageState';
import { formatDate } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { AgencyName } from './AgencyName';
import { ExpectedProgress, TaskBehind } from './TaskBehind';
import { HealthTag, ProgressBar, TaskStatusTag } from './TaskTags';
import { ResponsiveTable } from '../../../components/ResponsiveTable';

interface Props {
  tasks: readonly Task[];
  loading: boolean;
  pending: boolean;
  emptyText: string;
  nameOf: (id: string) => string | undefined;
  /** Resolution id → code, to show which resolution each task belongs to. */
  resolutionCode?: (id: string) => string | undefined;
  pagination?: TablePaginationConfig | false;
}

/** A flat list of tasks (the task list and a task's sub-tasks). */
export function TaskTable({ tasks, loading, pending, emptyText, nameOf, resolutionCode, pagination = false }: Props) {
  const { t, language } = useI18n();
  const columns: ColumnsType<Task> = [
    {
      title: t('tasks.code'),
      dataIndex: 'code',
      key: 'code',
      width: 170,
      render: (code: string, task) => (
        <Link to={`/tasks/${task.id}`} className="task-code" data-code={code}>
          {code}
        </Link>
      ),
    },
    ...(resolutionCode
      ? [
          {
            title: t('tasks.resolution'),
            dataIndex: 'resolution_id',
            key: 'resolution',
            width: 110,
            responsive: ['xl'],
            render: (id: string) => {
              const code = resolutionCode(id);
              return code ? <Link to={`/resolutions/${id}`}>{code}</Link> : t('common.none');
            },
          } satisfies ColumnsType<Task>[number],
        ]
      : []),
    {
      title: t('tasks.name'),
      dataIndex: 'title',
      key: 'title',
      width: 280,
      render: (title: string, task) => (
        <>
          {title}
          <TaskBehind task={task} />
        </>
      ),
    },
    { title: t('tasks.lead'), dataIndex: 'lead_agency_id', key: 'lead', width: 170, render: (id: string) => <AgencyName id={id} nameOf={nameOf} /> },
    { title: t('tasks.dueDate'), dataIndex: 'due_date', key: 'due', width: 110, render: (d: string) => formatDate(d, language) },
    { title: t('common.status'), dataIndex: 'status', key: 'status', width: 130, responsive: ['lg'], render: (s: TaskStatus) => <TaskStatusTag status={s} /> },
    { title: t('tasks.progress'), dataIndex: 'progress', key: 'progress', width: 150, render: (p: number, task) => (
        <>
          <ProgressBar value={p} health={task.health} width={90} />
          <ExpectedProgress value={task.expected_progress} />
        </>
      ),
    },
    { title: t('tasks.health'), dataIndex: 'health', key: 'health', width: 140, render: (_: unknown, task) => <HealthTag health={task.health} /> },
  ];
  return (
    <ResponsiveTable<Task>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={tasks}
      loading={loading}
      scroll={{ x: 'max-content' }}
      pagination={pagination}
      locale={{ emptyText: pending ? ' ' : <EmptyState description={emptyText} /> }}
    />
  );
}
