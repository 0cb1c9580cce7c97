import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Indicator, Targets } from '../../../api/models';
import { TargetsCard } from './TargetsCard';

const api = vi.hoisted(() => ({ GET: vi.fn(), PUT: vi.fn() }));
vi.mock('../../../lib/api-client', () => ({ apiClient: api, authClient: api }));

const reply = (status: number, body: unknown) => ({
  data: status < 400 ? body : undefined,
  error: status < 400 ? undefined : body,
  response: { ok: status < 400, status, headers: new Headers() } as Response,
});

const INDICATOR: Indicator = {
  id: 'I1', code: 'CT-01', name: 'Số hồ sơ', description: '', group: 'output', unit: 'hồ sơ', value_type: 'number', direction: 'increase',
  aggregation: 'sum', frequency: 'yearly', owner_agency_id: 'HN', owner_agency_name: 'Hà Nội', reporting_agency_ids: [], drives_task_progress: false,
  definition: '', data_source: '', method: '', verification: '', locked: false, created_at: '', updated_at: '',
  actions: { edit: true, set_targets: true, write_agency_ids: [] },
};
const TARGETS: Targets = { direction: 'increase', baseline_value: 10, baseline_period: '2025', target_value: 40, target_period: '2030', interim: [{ agency_id: null, period: '2026', value: 20 }] };

function renderCard(indicator: Indicator) {
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <App>
        <TargetsCard indicator={indicator} agencyOptions={[{ value: 'HN', title: 'HN — Hà Nội', children: [] }]} nameOf={(id) => (id === 'HN' ? 'Hà Nội' : undefined)} />
      </App>
    </QueryClientProvider>,
  );
}

describe('TargetsCard', { timeout: 60_000 }, () => {
  beforeEach(() => {
    api.GET.mockReset().mockResolvedValue(reply(200, TARGETS));
    api.PUT.mockReset().mockResolvedValue(reply(200, TARGETS));
  });

  it('shows baseline, final and interim targets in Vietnamese, and no edit button without actions.set_targets', async () => {
    renderCard({ ...INDICATOR, actions: { ...INDICATOR.actions, set_targets: false } });
    expect(await screen.findByText('Năm 2026')).toBeInTheDocument();
    expect(screen.getByText('Mọi đơn vị báo cáo')).toBeInTheDocument();
    expect(screen.getByText('40 hồ sơ (Năm 2030)')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Sửa mục tiêu theo kỳ/ })).not.toBeInTheDocument();
  });

  it('refuses a target "abc" next to the field and sends nothing; a number is sent as the PUT body', async () => {
    renderCard(INDICATOR);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /Sửa mục tiêu theo kỳ/ }));
    fireEvent.change(screen.getByLabelText('Mục tiêu (dòng 1)'), { target: { value: 'abc' } });
    await user.click(screen.getByRole('button', { name: /Lưu mục tiêu/ }));
    expect(await screen.findByText('Phải là một số, ví dụ 12 hoặc 12,5')).toBeInTheDocument();
    expect(api.PUT).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText('Mục tiêu (dòng 1)'), { target: { value: '22,5' } });
    await user.click(screen.getByRole('button', { name: /Lưu mục tiêu/ }));
    await waitFor(() => expect(api.PUT).toHaveBeenCalled());
    expect(api.PUT).toHaveBeenCalledWith('/api/v1/indicators/{id}/targets', {
      params: { path: { id: 'I1' } },
      body: { interim: [{ agency_id: null, period: '2026', value: 22.5 }] },
    });
  });

  it("puts the server's refusal of a row next to that row's cell", async () => {
    api.PUT.mockResolvedValue(
      reply(422, { type: 'about:blank', title: 'x', status: 422, detail: 'x', code: 'validation_failed', request_id: 'r', errors: [{ field: 'interim[0].agency_id', code: 'invalid', message: 'x' }] }),
    );
    renderCard(INDICATOR);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /Sửa mục tiêu theo kỳ/ }));
    await user.click(screen.getByRole('button', { name: /Lưu mục tiêu/ }));
    expect(await screen.findByText('Đơn vị (dòng 1) không hợp lệ.')).toBeInTheDocument();
  });
});
