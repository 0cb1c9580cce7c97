import { Typography } from 'antd';
import type { DefaultOptionType } from 'antd/es/select';
import { useMemo, useState } from 'react';
import type { AgencyBrief } from '../api/models';
import { FormSelect } from './FormSelect';

export interface Option {
  value: string;
  label: string;
  code?: string;
}

interface Props {
  id?: string;
  'aria-label'?: string;
  'aria-required'?: boolean;
  /** Several agencies (tags) instead of one. */
  multiple?: boolean;
  value?: string | string[] | null;
  onChange?: (value: string | string[] | undefined) => void;
  /** The options just chosen, with their names. */
  onPicked?: (picked: readonly Option[]) => void;
  /** What the server's search found for the text typed (`onSearch`, debounced by the caller). */
  found: readonly AgencyBrief[] | undefined;
  loading?: boolean;
  onSearch: (text: string) => void;
  /** Names of the values the form starts with, which the search may not bring up. */
  known?: readonly (AgencyBrief | null | undefined)[];
  /** The label of a value nobody could name (the caller may not see that agency). */
  unknownLabel: string;
  notFoundLabel: string;
  placeholder?: string;
  disabled?: boolean;
  allowClear?: boolean;
}

/**
 * Picks agencies by code or name with the server's search (`filterOption={false}`): the options are
 * what the server found, and the chosen values keep their names across searches.
 */
export function AgencyPicker({ multiple, value, onChange, onPicked, found, loading, onSearch, known = [], unknownLabel, notFoundLabel, ...rest }: Props) {
  const [picked, setPicked] = useState<Option[]>([]);
  const options = useMemo(() => {
    const names = new Map<string, Option>();
    for (const a of [...known, ...(found ?? [])]) if (a) names.set(a.id, { value: a.id, label: a.name, code: a.code });
    for (const o of picked) if (!names.has(o.value)) names.set(o.value, o);
    const chosen = value == null ? [] : Array.isArray(value) ? value : [value];
    const foundIds = new Set((found ?? []).map((a) => a.id));
    // The chosen values first when the search did not bring them up, so that they keep their names.
    const extra = chosen.filter((id) => !foundIds.has(id)).map((id) => names.get(id) ?? { value: id, label: unknownLabel });
    return [...extra, ...(found ?? []).map((a) => names.get(a.id) as Option)];
  }, [known, found, picked, value, unknownLabel]);

  return (
    <FormSelect
      {...rest}
      mode={multiple ? 'multiple' : undefined}
      showSearch
      filterOption={false}
      onSearch={onSearch}
      loading={loading}
      value={value ?? undefined}
      onChange={(next: string | string[] | undefined, chosen?: DefaultOptionType | DefaultOptionType[]) => {
        const list = (chosen === undefined ? [] : Array.isArray(chosen) ? chosen : [chosen]).flatMap((o): Option[] =>
          o && typeof o.value === 'string' ? [{ value: o.value, label: typeof o.label === 'string' ? o.label : o.value, code: typeof o.code === 'string' ? o.code : undefined }] : [],
        );
        setPicked((prev) => [...prev, ...list.filter((o) => !prev.some((p) => p.value === o.value))]);
        onPicked?.(list);
        onChange?.(next);
      }}
      options={options}
      optionRender={(option) => (
        <span>
          {option.data.label}
          {option.data.code && (
            <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
              {option.data.code}
            </Typography.Text>
          )}
        </span>
      )}
      notFoundContent={loading ? undefined : notFoundLabel}
      popupMatchSelectWidth={false}
    />
  );
}
