import { Card, Checkbox, Pagination, Spin, Table, type TableProps } from 'antd';
import type { ColumnType } from 'antd/es/table';
import { useState, type Key, type ReactNode } from 'react';
import { usePhone } from '../lib/use-phone';

type Column<T> = ColumnType<T> & { children?: unknown };

const valueAt = <T,>(record: T, dataIndex: ColumnType<T>['dataIndex']): unknown => {
  if (dataIndex === undefined || dataIndex === null) return undefined;
  const path = Array.isArray(dataIndex) ? dataIndex : [dataIndex];
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k as string] : undefined), record);
};

const keyOf = <T,>(record: T, rowKey: TableProps<T>['rowKey'], index: number): Key => {
  if (typeof rowKey === 'function') return rowKey(record, index);
  const v = valueAt(record, (rowKey ?? 'key') as string);
  return typeof v === 'string' || typeof v === 'number' ? v : index;
};

/** One record as a card: the first column is its heading, the others label–value pairs. */
function RecordCard<T>({ record, index, columns, className, selection, onClick }: {
  record: T;
  index: number;
  columns: Column<T>[];
  className: string;
  selection?: ReactNode;
  onClick?: () => void;
}) {
  const cell = (column: Column<T>) => {
    const value = valueAt(record, column.dataIndex);
    return column.render ? (column.render(value, record, index) as ReactNode) : (value as ReactNode);
  };
  const [head, ...rest] = columns;
  return (
    <Card size="small" className={`card-list-item ${className}`.trim()} onClick={onClick}>
      <div className="card-list-head">
        {selection}
        {head && <div className="card-list-title">{cell(head)}</div>}
      </div>
      <dl className="card-list-fields">
        {rest.map((column, i) => (
          <div key={String(column.key ?? column.dataIndex ?? i)} className="card-list-field">
            {column.title ? <dt>{column.title as ReactNode}</dt> : null}
            <dd>{cell(column)}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

/**
 * antd's Table on wider screens; below the md breakpoint (phones) the same records, columns, pagination
 * and row selection as a list of cards, so nothing scrolls sideways. Each cell is the column's own render:
 * the buttons a record offers still come from its `actions`.
 */
export function ResponsiveTable<T extends object>(props: TableProps<T>) {
  const phone = usePhone();
  const [localPage, setLocalPage] = useState(1);
  if (!phone) return <Table<T> {...props} />;

  const { dataSource = [], columns = [], rowKey, loading, locale, pagination, rowSelection, rowClassName, onRow, className } = props;
  const config = pagination === false ? undefined : (pagination ?? {});
  const pageSize = config?.pageSize ?? 10;
  const current = config?.current ?? localPage;
  // A server-paginated list says its total; otherwise the cards are paged here, as the table would.
  const local = config !== undefined && config.total === undefined;
  const records = local ? dataSource.slice((current - 1) * pageSize, current * pageSize) : dataSource;
  const selected = new Set(rowSelection?.selectedRowKeys ?? []);
  const select = (key: Key, on: boolean) => {
    const keys = on ? [...selected, key] : [...selected].filter((k) => k !== key);
    const rows = dataSource.filter((r, i) => keys.includes(keyOf(r, rowKey, i)));
    rowSelection?.onChange?.(keys, rows, { type: 'single' });
  };
  const empty = locale?.emptyText;

  return (
    <div className={`card-list ${className ?? ''}`.trim()}>
      {loading ? <Spin size="small" className="card-list-loading" /> : null}
      {records.length === 0 && !loading ? (typeof empty === 'function' ? empty() : empty) : null}
      {records.map((record, i) => {
        const index = local ? (current - 1) * pageSize + i : i;
        const key = keyOf(record, rowKey, index);
        const rowClass = typeof rowClassName === 'function' ? rowClassName(record, index, 0) : (rowClassName ?? '');
        const checkbox = rowSelection?.getCheckboxProps?.(record) as (Record<string, unknown> & { disabled?: boolean }) | undefined;
        return (
          <RecordCard<T>
            key={key}
            record={record}
            index={index}
            columns={columns}
            className={rowClass}
            onClick={onRow?.(record, index).onClick as (() => void) | undefined}
            selection={
              rowSelection ? (
                <Checkbox
                  checked={selected.has(key)}
                  disabled={checkbox?.disabled}
                  aria-label={checkbox?.['aria-label'] as string | undefined}
                  onClick={(e) => e.stopPropagation()}
                  onChange={(e) => select(key, e.target.checked)}
                />
              ) : undefined
            }
          />
        );
      })}
      {config && (config.total ?? dataSource.length) > pageSize ? (
        <Pagination
          size="small"
          simple
          current={current}
          pageSize={pageSize}
          total={config.total ?? dataSource.length}
          showTotal={config.showTotal}
          onChange={(p, s) => {
            setLocalPage(p);
            config.onChange?.(p, s);
          }}
        />
      ) : null}
    </div>
  );
}
