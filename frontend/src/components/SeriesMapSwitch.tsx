import { Segmented } from 'antd';
import { useI18n } from '../lib/i18n/i18n';
import { SERIES_MAPS, type SeriesMap } from '../lib/series-map';

interface Props {
  value: SeriesMap;
  onChange: (map: SeriesMap) => void;
  /** What the switch applies to, for screen readers ("Bản đồ hành chính của chuỗi số liệu"). */
  label: string;
}

/** "Bản đồ hiện nay" / "Như đã báo cáo": the switch of an indicator's series and of the overview's trend. */
export function SeriesMapSwitch({ value, onChange, label }: Props) {
  const { t } = useI18n();
  return (
    <Segmented<SeriesMap>
      size="small"
      className="series-map-switch"
      aria-label={label}
      value={value}
      onChange={onChange}
      options={SERIES_MAPS.map((m) => ({ value: m, label: t(`seriesMap.${m}`) }))}
    />
  );
}
