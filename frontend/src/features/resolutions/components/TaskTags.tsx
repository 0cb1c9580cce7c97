import { Progress, Tag } from 'antd';
import type { Health, ResolutionStatus, TaskStatus } from '../../../api/models';
import { formatPercent } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';

const STATUS_COLOR: Record<TaskStatus, string> = {
  not_started: 'default',
  in_progress: 'processing',
  awaiting_acceptance: 'purple',
  completed: 'success',
  paused: 'warning',
  cancelled: 'default',
};

const RESOLUTION_COLOR: Record<ResolutionStatus, string> = { draft: 'default', active: 'processing', closed: 'success' };

/** Progress colour follows health, so a bar alone already says whether the task is late. */
const HEALTH_STROKE: Record<Health, string> = {
  on_track: '#52c41a',
  at_risk: '#faad14',
  off_track: '#fa8c16',
  overdue: '#f5222d',
  done: '#1677ff',
};

export { HealthTag } from '../../../components/HealthTag';

export function TaskStatusTag({ status }: { status: TaskStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLOR[status]} bordered={false}>
      {t(`taskStatus.${status}`)}
    </Tag>
  );
}

export function ResolutionStatusTag({ status }: { status: ResolutionStatus }) {
  const { t } = useI18n();
  return <Tag color={RESOLUTION_COLOR[status]}>{t(`resolutionStatus.${status}`)}</Tag>;
}

export function ProgressBar({ value, health, width = 140 }: { value: number; health?: Health; width?: number }) {
  const { t, language } = useI18n();
  return (
    <Progress
      percent={Math.round(value * 10) / 10}
      size={{ width }}
      strokeColor={health ? HEALTH_STROKE[health] : undefined}
      status="normal"
      format={(p) => formatPercent(p ?? 0, language)}
      aria-label={`${t('tasks.progress')} ${formatPercent(value, language)}`}
    />
  );
}
