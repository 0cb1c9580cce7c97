import { Tag, Tooltip, Typography } from 'antd';
import type { IndicatorGroup, IndicatorValue, ValueStatus } from '../../../api/models';
import { useI18n } from '../../../lib/i18n/i18n';

const GROUP_COLOR: Record<IndicatorGroup, string> = { input: 'cyan', process: 'blue', output: 'geekblue', outcome: 'purple', composite: 'magenta' };
const STATUS_COLOR: Record<ValueStatus, string> = { draft: 'default', submitted: 'processing', approved: 'success', returned: 'error' };

export function GroupTag({ group }: { group: IndicatorGroup }) {
  const { t } = useI18n();
  return (
    <Tag color={GROUP_COLOR[group]} bordered={false}>
      {t(`group.${group}`)}
    </Tag>
  );
}

/** The workflow status; a returned value shows its reason under the tag. */
export function ValueStatusTag({ value }: { value: Pick<IndicatorValue, 'status' | 'return_reason'> }) {
  const { t } = useI18n();
  const tag = (
    <Tag color={STATUS_COLOR[value.status]} className="value-status" data-status={value.status}>
      {t(`valueStatus.${value.status}`)}
    </Tag>
  );
  if (value.status !== 'returned' || !value.return_reason) return tag;
  return (
    <div>
      <Tooltip title={value.return_reason}>{tag}</Tooltip>
      <Typography.Text type="danger" className="return-reason">
        {t('values.returnReason', { reason: value.return_reason })}
      </Typography.Text>
    </div>
  );
}

/** An agency's name, or a neutral "Đơn vị khác" for one outside the user's subtree. */
export function AgencyName({ id, nameOf }: { id: string; nameOf: (id: string) => string | undefined }) {
  const { t } = useI18n();
  const name = nameOf(id);
  return name ? <span>{name}</span> : <Typography.Text type="secondary">{t('indicators.otherAgency')}</Typography.Text>;
}
