import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { describe, expect, it, vi } from 'vitest';
import { newIndicatorDefaults, type IndicatorFormValues } from './indicator-form';
import { IndicatorFormDrawer } from './IndicatorFormDrawer';

const api = vi.hoisted(() => ({ GET: vi.fn(() => Promise.resolve({ data: { items: [] }, response: { ok: true, status: 200, headers: new Headers() } })) }));
vi.mock('../../../lib/api-client', () => ({ apiClient: api, authClient: api }));

function renderDrawer(onSubmit: (v: IndicatorFormValues) => Promise<unknown>, initial: Partial<IndicatorFormValues>) {
  const onClose = vi.fn();
  render(
    <QueryClientProvider client={new QueryClient()}>
      <App>
        <IndicatorFormDrawer title="Thêm chỉ tiêu" initial={initial} ownerOptions={[{ value: 'HN', title: 'HN — Hà Nội', children: [] }]} agencyOptions={[]} onSubmit={onSubmit} onClose={onClose} />
      </App>
    </QueryClientProvider>,
  );
  return { onClose };
}

const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
const create = () => userEvent.setup().click(screen.getByRole('button', { name: 'Thêm mới' }));
const filled = { ...newIndicatorDefaults('HN'), code: 'CT-02', name: 'Số hồ sơ', group: 'output' as const };

describe('IndicatorFormDrawer', { timeout: 60_000 }, () => {
  it('refuses a baseline "abc", a missing group and half a target, next to the fields, and sends nothing', async () => {
    const onSubmit = vi.fn(() => Promise.resolve());
    renderDrawer(onSubmit, { ...newIndicatorDefaults('HN'), code: 'CT-02', name: 'Số hồ sơ' });
    type('Giá trị cơ sở', 'abc');
    type('Mục tiêu cuối kỳ', '40');
    await create();
    expect(await screen.findByText('Phải là một số, ví dụ 12 hoặc 12,5')).toBeInTheDocument();
    expect(screen.getByText('Vui lòng nhập nhóm')).toBeInTheDocument();
    expect(screen.getAllByText('Cần nhập cả giá trị lẫn kỳ, hoặc để trống cả hai').length).toBeGreaterThan(0);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('refuses a negative percentage instead of clamping it', async () => {
    const onSubmit = vi.fn(() => Promise.resolve());
    renderDrawer(onSubmit, { ...filled, value_type: 'percent' });
    type('Giá trị cơ sở', '-5');
    type('Kỳ của giá trị cơ sở', '2025');
    await create();
    expect(await screen.findByText('Tỷ lệ phải từ 0 đến 100 %')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('sends the values as typed and closes', async () => {
    const onSubmit = vi.fn(() => Promise.resolve());
    const { onClose } = renderDrawer(onSubmit, filled);
    type('Giá trị cơ sở', '12,5');
    type('Kỳ của giá trị cơ sở', '2025');
    await create();
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ code: 'CT-02', group: 'output', baseline_value: '12,5', baseline_period: '2025' }));
  });
});
