import { Flex, Tag, Typography } from 'antd';
import { useI18n } from '../../../lib/i18n/i18n';

/** An agency's name, or a neutral "Đơn vị khác" for an agency outside the user's subtree. */
export function AgencyName({ id, nameOf }: { id: string; nameOf: (id: string) => string | undefined }) {
  const { t } = useI18n();
  const name = nameOf(id);
  return name ? <span>{name}</span> : <Typography.Text type="secondary">{t('tasks.otherAgency')}</Typography.Text>;
}

export function AgencyTags({ ids, nameOf }: { ids: readonly string[]; nameOf: (id: string) => string | undefined }) {
  const { t } = useI18n();
  if (ids.length === 0) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Flex gap={4} wrap>
      {ids.map((id) => (
        <Tag key={id} bordered={false}>
          {nameOf(id) ?? t('tasks.otherAgency')}
        </Tag>
      ))}
    </Flex>
  );
}
