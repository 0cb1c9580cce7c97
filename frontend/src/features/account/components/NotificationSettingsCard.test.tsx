import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { NotificationSettings, Problem } from '../../../api/models';
import { NotificationSettingsCard } from './NotificationSettingsCard';

const api = vi.hoisted(() => ({ GET: vi.fn(), PUT: vi.fn() }));
vi.mock('../../../lib/api-client', () => ({ apiClient: api, authClient: api }));

const reply = (status: number, body: unknown) => ({
  data: status < 400 ? body : undefined,
  error: status < 400 ? undefined : body,
  response: { ok: status < 400, status, headers: new Headers() } as Response,
});

const SETTINGS: NotificationSettings = { email: null, notify: 'immediate', mail_enabled: false };
const BAD_EMAIL: Problem = {
  type: 'urn:restrack:problem:validation_failed',
  title: 'Unprocessable Entity',
  status: 422,
  detail: 'email: must be an email address',
  code: 'validation_failed',
  request_id: 'r',
  errors: [{ field: 'email', code: 'format', message: 'must be an email address' }],
};

function renderCard() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <App>
        <NotificationSettingsCard />
      </App>
    </QueryClientProvider>,
  );
}

const WAIT = { timeout: 10_000 };

beforeEach(() => {
  api.GET.mockReset().mockResolvedValue(reply(200, SETTINGS));
  api.PUT.mockReset();
});

describe('NotificationSettingsCard', () => {
  it('says when the server sends no mail, and sends the address as typed: the server\'s refusal shows next to it', async () => {
    api.PUT.mockResolvedValue(reply(422, BAD_EMAIL));
    renderCard();
    expect(await screen.findByText(/Máy chủ chưa được cấu hình gửi thư điện tử/, undefined, WAIT)).toBeInTheDocument();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Địa chỉ thư điện tử'), ' ten@ubnd ');
    await user.click(screen.getByLabelText(/Tổng hợp hằng ngày/));
    await user.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(api.PUT).toHaveBeenCalledWith('/api/v1/me/notification-settings', { body: { email: ' ten@ubnd ', notify: 'digest' } }));
    expect(await screen.findByText('Địa chỉ thư điện tử sai định dạng.', undefined, WAIT)).toBeInTheDocument();
  }, 30_000);

  it('saves an empty address as none', async () => {
    api.PUT.mockResolvedValue(reply(200, { ...SETTINGS, notify: 'off' }));
    renderCard();
    const user = userEvent.setup();
    await user.click(await screen.findByLabelText(/Tắt/, undefined, WAIT));
    await user.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(api.PUT).toHaveBeenCalledWith('/api/v1/me/notification-settings', { body: { email: null, notify: 'off' } }));
    expect(await screen.findByText('Đã lưu thiết lập nhận thông báo', undefined, WAIT)).toBeInTheDocument();
  }, 30_000);
});
