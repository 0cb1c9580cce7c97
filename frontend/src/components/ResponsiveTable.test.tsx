import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Button } from 'antd';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ResponsiveTable } from './ResponsiveTable';

interface Row {
  id: string;
  code: string;
  title: string;
  actions: { edit: boolean };
}

const ROWS: Row[] = [
  { id: '1', code: 'T-1', title: 'Một', actions: { edit: true } },
  { id: '2', code: 'T-2', title: 'Hai', actions: { edit: false } },
];
const COLUMNS = [
  { title: 'Mã', dataIndex: 'code', key: 'code' },
  { title: 'Tên', dataIndex: 'title', key: 'title' },
  { title: 'Thao tác', key: 'actions', render: (_: unknown, row: Row) => (row.actions.edit ? <Button>Sửa {row.code}</Button> : null) },
];

/** matchMedia answering min-/max-width queries for a screen `width` px wide. */
const screenOf = (width: number) => (query: string) => {
  const min = /min-width:\s*(\d+)/.exec(query);
  const max = /max-width:\s*([\d.]+)/.exec(query);
  const matches = (!min || width >= Number(min[1])) && (!max || width <= Number(max[1]));
  return { matches, media: query, onchange: null, addListener: () => undefined, removeListener: () => undefined, addEventListener: () => undefined, removeEventListener: () => undefined, dispatchEvent: () => false };
};

describe('ResponsiveTable', () => {
  const original = window.matchMedia;
  afterEach(() => {
    window.matchMedia = original;
  });

  it('is a table on a wide screen', () => {
    window.matchMedia = screenOf(1280);
    render(<ResponsiveTable<Row> rowKey="id" columns={COLUMNS} dataSource={ROWS} pagination={false} />);
    expect(screen.getByRole('table')).toBeInTheDocument();
    expect(screen.getAllByRole('row')).toHaveLength(3);
  });

  describe('on a phone (390 px)', () => {
    beforeEach(() => {
      window.matchMedia = screenOf(390);
    });

    it('shows one card per record, headed by the first column, the others as labelled fields', () => {
      const { container } = render(<ResponsiveTable<Row> rowKey="id" columns={COLUMNS} dataSource={ROWS} pagination={false} />);
      expect(screen.queryByRole('table')).toBeNull();
      const cards = container.querySelectorAll<HTMLElement>('.card-list-item');
      expect(cards).toHaveLength(2);
      const first = within(cards[0] as HTMLElement);
      expect(first.getByText('T-1')).toHaveClass('card-list-title');
      expect(first.getByText('Tên')).toBeInTheDocument();
      expect(first.getByText('Một')).toBeInTheDocument();
    });

    it('offers only the buttons the record\'s actions allow, as the table does', () => {
      const { container } = render(<ResponsiveTable<Row> rowKey="id" columns={COLUMNS} dataSource={ROWS} pagination={false} />);
      const cards = container.querySelectorAll<HTMLElement>('.card-list-item');
      expect(within(cards[0] as HTMLElement).getByRole('button', { name: 'Sửa T-1' })).toBeInTheDocument();
      expect(within(cards[1] as HTMLElement).queryByRole('button')).toBeNull();
    });

    it('selects a record through its card\'s checkbox, named and disabled as the table\'s', async () => {
      const onChange = vi.fn();
      render(
        <ResponsiveTable<Row>
          rowKey="id"
          columns={COLUMNS}
          dataSource={ROWS}
          pagination={false}
          rowSelection={{ selectedRowKeys: [], onChange, getCheckboxProps: (r) => ({ disabled: !r.actions.edit, 'aria-label': `Chọn ${r.code}` }) }}
        />,
      );
      expect(screen.getByRole('checkbox', { name: 'Chọn T-2' })).toBeDisabled();
      await userEvent.click(screen.getByRole('checkbox', { name: 'Chọn T-1' }));
      expect(onChange).toHaveBeenCalledWith(['1'], [ROWS[0]], { type: 'single' });
    });

    it('pages a server-paginated list with the same callback', async () => {
      const onChange = vi.fn();
      render(<ResponsiveTable<Row> rowKey="id" columns={COLUMNS} dataSource={ROWS} pagination={{ current: 1, pageSize: 2, total: 5, onChange }} />);
      await userEvent.click(screen.getByTitle(/Next Page|Trang sau/));
      expect(onChange).toHaveBeenCalledWith(2, 2);
    });
  });
});
