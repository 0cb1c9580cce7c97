import type { IndicatorValue } from '../../../api/models';
import { LockedTag, OnTimeTag } from '../../../components/DeadlineTags';
import { formatDate } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';

/** A figure's deadline (dd/mm/yyyy), whether it was submitted on time, and whether its period is locked. */
export function ValueDeadline({ value }: { value: Pick<IndicatorValue, 'due_date' | 'on_time' | 'locked'> }) {
  const { language } = useI18n();
  return (
    <div className="value-deadline">
      <span className="value-due">{formatDate(value.due_date, language)}</span>
      <OnTimeTag onTime={value.on_time} />
      {value.locked && <LockedTag />}
    </div>
  );
}
