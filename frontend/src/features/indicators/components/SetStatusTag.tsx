import { Tag } from 'antd';
import type { IndicatorSet } from '../../../api/models';
import { useI18n } from '../../../lib/i18n/i18n';

export function SetStatusTag({ status }: { status: IndicatorSet['status'] }) {
  const { t } = useI18n();
  return (
    <Tag color={status === 'published' ? 'green' : 'default'} bordered={false} data-status={status}>
      {t(`plan.set.status.${status}`)}
    </Tag>
  );
}
