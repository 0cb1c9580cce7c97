import { LockOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useI18n } from '../lib/i18n/i18n';

/** "Đúng hạn" / "Trễ hạn" for something submitted (`on_time`); nothing while it is not (`null`). */
export function OnTimeTag({ onTime }: { onTime: boolean | null | undefined }) {
  const { t } = useI18n();
  if (onTime === null || onTime === undefined) return null;
  return (
    <Tag color={onTime ? 'success' : 'error'} bordered={false} className="on-time-tag" data-on-time={onTime}>
      {onTime ? t('timeliness.onTime') : t('timeliness.late')}
    </Tag>
  );
}

/** "Đã khóa": the period is past its approval deadline and takes no new figure without an unlock. */
export function LockedTag({ hint }: { hint?: string }) {
  const { t } = useI18n();
  return (
    <Tooltip title={hint ?? t('locked.hint')}>
      <Tag icon={<LockOutlined />} className="locked-tag">
        {t('locked.tag')}
      </Tag>
    </Tooltip>
  );
}
