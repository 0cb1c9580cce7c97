import {  } from 'antd';
import { FormSelect } from '../../../components/FormSelect';
import { useMemo, useState } from 'react';
import { useTaskSearch } from '../api/task-search';

interface Props {
  id?: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
  /** Shown for a linked task that the search has not brought up (its code, when known). */
  currentLabel?: string;
  'aria-label'?: string;
}

/** Picks a task by code or name (`GET /tasks?q=`), for linking an indicator to it. */
export function TaskPicker({ id, value, onChange, currentLabel, ...rest }: Props) {
  const [search, setSearch] = useState('');
  const tasks = useTaskSearch(search);
  const options = useMemo(() => {
    const found = (tasks.data ?? []).map((task) => ({ value: task.id, label: `${task.code} — ${task.title}` }));
    return value && !found.some((o) => o.value === value) ? [{ value, label: currentLabel ?? value }, ...found] : found;
  }, [tasks.data, value, currentLabel]);
  return (
    <FormSelect
      id={id}
      aria-label={rest['aria-label']}
      showSearch
      allowClear
      filterOption={false}
      onSearch={setSearch}
      loading={tasks.isFetching}
      value={value}
      onChange={(next: string | undefined) => onChange?.(next)}
      options={options}
      popupMatchSelectWidth={false}
    />
  );
}
