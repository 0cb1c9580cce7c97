import { useState } from 'react';
import { AgencyPicker } from '../../../components/AgencyPicker';
import { useI18n } from '../../../lib/i18n/i18n';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { useSectorHead, useSectorHeads } from '../api/sector-heads';

interface Props {
  id?: string;
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  /** The agency's head when the form opened, named by `GET /sector-heads?id=`. */
  initialId?: string | null;
  disabled?: boolean;
}

/**
 * "Ngành dọc": the head of the agency's sector line, searched on the server (`GET /sector-heads`).
 * A head the caller may not name keeps its value, labelled "Đơn vị khác".
 */
export function SectorHeadPicker({ id, value, onChange, initialId, disabled }: Props) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search, 300);
  const heads = useSectorHeads(q, !disabled);
  const current = useSectorHead(initialId);
  return (
    <AgencyPicker
      id={id}
      value={value}
      onChange={(next) => onChange?.(typeof next === 'string' ? next : undefined)}
      known={[current.data]}
      found={disabled ? [] : heads.data?.items}
      loading={heads.isFetching || current.isFetching}
      onSearch={setSearch}
      unknownLabel={current.isPending && initialId ? t('common.loading') : t('agencyPicker.other')}
      notFoundLabel={t('agencyPicker.none')}
      placeholder={t('agencies.sectorHeadPlaceholder')}
      allowClear
      disabled={disabled}
    />
  );
}
