import { Tag } from 'antd';
import type { Health } from '../api/models';
import { useI18n } from '../lib/i18n/i18n';

const HEALTH_COLOR: Record<Health, string> = {
  on_track: 'green',
  at_risk: 'gold',
  off_track: 'orange',
  overdue: 'red',
  done: 'blue',
};

/** A health as the server decided it, in words on its colour (a task's, an agency's in the ranking). */
export function HealthTag({ health }: { health: Health }) {
  const { t } = useI18n();
  return (
    <Tag color={HEALTH_COLOR[health]} className="health-tag" data-health={health}>
      {t(`health.${health}`)}
    </Tag>
  );
}
