import type { Task } from '../../../api/models';
import { formatNumber, formatPercent } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';

/**
 * Under a task's name in a list: how many days it is overdue ("Quá hạn 10 ngày") and the obstacles
 * its latest report named, both as the server sends them; nothing when there is neither.
 */
export function TaskBehind({ task }: { task: Pick<Task, 'days_overdue' | 'latest_obstacles'> }) {
  const { t, language } = useI18n();
  const days = task.days_overdue ?? 0;
  const obstacles = task.latest_obstacles?.trim();
  return (
    <>
      {days > 0 && (
        <span className="task-behind task-days-overdue text-bad" data-days={days}>
          {t(days === 1 ? 'tasks.daysOverdueOne' : 'tasks.daysOverdue', { days: formatNumber(days, language) })}
        </span>
      )}
      {obstacles && (
        <span className="task-behind task-obstacles" title={obstacles}>
          {t('tasks.latestObstacles', { text: obstacles })}
        </span>
      )}
    </>
  );
}

/** The progress the schedule expects today, next to a task's progress ("Kỳ vọng 56,7%"); nothing when null. */
export function ExpectedProgress({ value }: { value: number | null | undefined }) {
  const { t, language } = useI18n();
  if (value === null || value === undefined) return null;
  return (
    <span className="task-expected" data-expected={value}>
      {t('tasks.expectedProgress', { value: formatPercent(value, language) })}
    </span>
  );
}
