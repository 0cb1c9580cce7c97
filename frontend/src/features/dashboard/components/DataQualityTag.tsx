import { Tag } from 'antd';
import type { DataQuality } from '../../../api/models';
import { useI18n } from '../../../lib/i18n/i18n';
import { DATA_QUALITY_COLOR } from './ranking-data';

/** The mark next to an agency's score, in words on its colour; a screen reader hears what it marks. */
export function DataQualityTag({ quality }: { quality: DataQuality }) {
  const { t } = useI18n();
  return (
    <Tag color={DATA_QUALITY_COLOR[quality]} className="data-quality-tag" data-quality={quality} title={t('overview.dataQuality')}>
      <span className="visually-hidden">{t('overview.dataQuality')}: </span>
      {t(`dataQuality.${quality}`)}
    </Tag>
  );
}
