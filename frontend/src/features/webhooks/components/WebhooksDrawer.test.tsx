import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { NewWebhook, Webhook, WebhookDelivery } from '../../../api/models';
import { WebhooksDrawer } from './WebhooksDrawer';

const api = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn(), DELETE: vi.fn() }));
vi.mock('../../../lib/api-client', () => ({ apiClient: api, authClient: api }));

const reply = (status: number, body: unknown) => ({
  data: status < 400 ? body : undefined,
  error: status < 400 ? undefined : body,
  response: { ok: status < 400, status, headers: new Headers() } as Response,
});
const page = <T,>(items: T[]) => reply(200, { items, total: items.length, limit: 100, offset: 0 });
const validation = (errors: { field: string; code: string; message: string }[]) =>
  reply(422, { type: 'urn:restrack:problem:validation_failed', title: 'Unprocessable Entity', status: 422, detail: 'validation failed', code: 'validation_failed', request_id: 'r', errors });

const KEY = { id: 'k1', name: 'Hệ thống Sở KH&CN' };
const hook = (id: string, url: string, more: Partial<Webhook> = {}): Webhook => ({
  id,
  api_key_id: KEY.id,
  api_key_name: KEY.name,
  agency_id: 'ROOT',
  url,
  events: ['value.approved'],
  active: true,
  created_at: '2026-03-05T10:00:00Z',
  actions: { delete: true, redeliver: true },
  ...more,
});
const ACTIVE = hook('w1', 'https://so-khcn.example.vn/hook', { events: ['value.approved', 'task.assigned'] });
const STOPPED = hook('w2', 'https://cu.example.vn/hook', { active: false, created_at: '2025-11-20T10:00:00Z', actions: { delete: false, redeliver: false } });

const delivery = (id: string, status: WebhookDelivery['status'], more: Partial<WebhookDelivery> = {}): WebhookDelivery => ({
  id,
  webhook_id: 'w1',
  event: 'value.approved',
  status,
  attempts: 1,
  created_at: '2026-03-06T10:15:00Z',
  next_attempt_at: null,
  delivered_at: null,
  last_status: null,
  last_error: null,
  payload: {},
  ...more,
});
const DELIVERIES = [
  delivery('d1', 'delivered', { last_status: 200, delivered_at: '2026-03-06T10:15:01Z' }),
  delivery('d2', 'failed', { event: 'task.assigned', attempts: 8, last_status: 500, last_error: 'HTTP 500 from the receiver' }),
  delivery('d3', 'pending', { event: 'alert.raised', attempts: 2, last_error: 'connection refused', next_attempt_at: '2026-03-06T11:00:00Z' }),
];

let hooks: Webhook[];

beforeEach(() => {
  api.GET.mockReset();
  api.POST.mockReset();
  api.DELETE.mockReset();
  hooks = [ACTIVE, STOPPED];
  api.GET.mockImplementation((path: string) => {
    if (path === '/api/v1/webhooks') return Promise.resolve(page(hooks));
    if (path === '/api/v1/webhooks/{id}/deliveries') return Promise.resolve(page(DELIVERIES));
    return Promise.resolve(reply(404, { type: 'about:blank', title: 'Not Found', status: 404, detail: 'x', code: 'not_found', request_id: 'r' }));
  });
});

function renderDrawer() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const onClose = vi.fn();
  render(
    <QueryClientProvider client={client}>
      <App>
        <WebhooksDrawer apiKey={KEY} onClose={onClose} />
      </App>
    </QueryClientProvider>,
  );
  return { onClose };
}

const WAIT = { timeout: 10_000 };
const rowOf = async (url: string) => (await screen.findByText(url, { selector: '.webhook-url, .webhook-url *' }, WAIT)).closest('tr') as HTMLElement;
const buttonsOf = (row: HTMLElement) => within(row).queryAllByRole('button').map((b) => b.textContent);
const urlInput = () => screen.getByLabelText('Địa chỉ nhận (URL)');
const register = () => userEvent.setup().click(screen.getByRole('button', { name: 'Đăng ký' }));
// In tests every antd dialog is labelled by the same id ("test-id"): find the log's dialog by its title.
const logDialog = async (url: string) => (await screen.findByText(`Nhật ký gửi tới ${url}`, undefined, WAIT)).closest('.ant-modal') as HTMLElement;
/** The error lines shown under the form field labelled `label`. */
const errorsOf = (label: string) => [...(screen.getByText(label, { selector: 'label' }).closest('.ant-form-item') as HTMLElement).querySelectorAll('.ant-form-item-explain-error')].map((e) => e.textContent);

describe('WebhooksDrawer', () => {
  it('lists the key\'s webhooks: URL, events by their Vietnamese names, the date dd/mm/yyyy, whether it receives, and delete where actions.delete', async () => {
    renderDrawer();
    expect(await screen.findByText('Webhook của khóa “Hệ thống Sở KH&CN”', undefined, WAIT)).toBeInTheDocument();
    const active = await rowOf(ACTIVE.url);
    expect(within(active).getByText('Số liệu được phê duyệt')).toBeInTheDocument();
    expect(within(active).getByText('Nhiệm vụ được giao')).toBeInTheDocument();
    expect(within(active).getByText('05/03/2026')).toBeInTheDocument();
    expect(within(active).getByText('Đang hoạt động')).toBeInTheDocument();
    expect(buttonsOf(active)).toEqual(['Nhật ký gửi', 'Xóa']);
    const stopped = await rowOf(STOPPED.url);
    expect(within(stopped).getByText('Ngừng (khóa đã thu hồi)')).toBeInTheDocument();
    expect(within(stopped).getByText('20/11/2025')).toBeInTheDocument();
    expect(buttonsOf(stopped)).toEqual(['Nhật ký gửi']);
    expect(api.GET).toHaveBeenCalledWith('/api/v1/webhooks', expect.objectContaining({ params: { query: { api_key_id: 'k1', limit: 100 } } }));
  }, 30_000);

  it('deletes a webhook after a confirmation that names its URL', async () => {
    api.DELETE.mockImplementation(() => {
      hooks = [STOPPED];
      return Promise.resolve(reply(204, undefined));
    });
    renderDrawer();
    const user = userEvent.setup();
    await user.click(within(await rowOf(ACTIVE.url)).getByRole('button', { name: /Xóa$/ }));
    expect(api.DELETE).not.toHaveBeenCalled();
    const confirm = await screen.findByText(`Xóa webhook gửi tới ${ACTIVE.url}? Hệ thống nhận sẽ không nhận thêm sự kiện nào.`, undefined, WAIT);
    await user.click(within(confirm.closest('.ant-popover') as HTMLElement).getByRole('button', { name: 'Xóa' }));
    await waitFor(() => expect(api.DELETE).toHaveBeenCalledWith('/api/v1/webhooks/{id}', { params: { path: { id: 'w1' } } }));
    await waitFor(() => expect(screen.queryByText(ACTIVE.url)).toBeNull(), WAIT);
  }, 30_000);

  it('refuses an empty URL and no event, says why next to the fields, and sends nothing', async () => {
    renderDrawer();
    await rowOf(ACTIVE.url);
    await register();
    expect(await screen.findByText('Vui lòng nhập địa chỉ nhận (URL)', undefined, WAIT)).toBeInTheDocument();
    expect(await screen.findByText('Chọn ít nhất một sự kiện cần nhận', undefined, WAIT)).toBeInTheDocument();
    fireEvent.change(urlInput(), { target: { value: '   ' } });
    await register();
    expect(await screen.findByText('Vui lòng nhập địa chỉ nhận (URL)', undefined, WAIT)).toBeInTheDocument();
    fireEvent.change(urlInput(), { target: { value: 'https://so-khcn.example.vn/moi' } });
    await register();
    expect(await screen.findByText('Chọn ít nhất một sự kiện cần nhận', undefined, WAIT)).toBeInTheDocument();
    expect(urlInput()).toHaveValue('https://so-khcn.example.vn/moi');
    expect(api.POST).not.toHaveBeenCalled();
  }, 30_000);

  it('sends the URL as typed and shows the server\'s refusal of it next to the URL field, saying why in Vietnamese', async () => {
    api.POST.mockResolvedValueOnce(
      validation([{ field: 'url', code: 'forbidden', message: "points to a private, loopback or reserved address; the server's RESTRACK_WEBHOOK_ALLOWED_NETWORKS must name its network" }]),
    );
    renderDrawer();
    await rowOf(ACTIVE.url);
    const user = userEvent.setup();
    fireEvent.change(urlInput(), { target: { value: ' http://10.9.9.9/hook' } });
    await user.click(screen.getByRole('checkbox', { name: 'Số liệu được phê duyệt' }));
    await register();
    await waitFor(() =>
      expect(api.POST).toHaveBeenCalledWith('/api/v1/webhooks', { body: { url: ' http://10.9.9.9/hook', events: ['value.approved'], api_key_id: 'k1' } }),
    );
    await waitFor(() =>
      expect(errorsOf('Địa chỉ nhận (URL)')).toEqual([
        'Địa chỉ nhận thuộc mạng nội bộ hoặc dải địa chỉ dành riêng. Máy chủ chỉ gửi tới địa chỉ công khai, hoặc tới mạng nội bộ mà quản trị viên hệ thống đã cho phép.',
      ]),
    );
    expect(urlInput()).toHaveValue(' http://10.9.9.9/hook');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(document.querySelector('.new-webhook-secret')).toBeNull();
  }, 30_000);

  it('puts a repeated event next to the events and a revoked key above the form', async () => {
    api.POST.mockResolvedValueOnce(validation([{ field: 'events[1]', code: 'duplicate', message: 'names an event already listed' }]));
    api.POST.mockResolvedValueOnce(validation([{ field: 'api_key_id', code: 'invalid', message: 'the key is revoked or expired' }]));
    renderDrawer();
    await rowOf(ACTIVE.url);
    const user = userEvent.setup();
    fireEvent.change(urlInput(), { target: { value: 'https://so-khcn.example.vn/moi' } });
    await user.click(screen.getByRole('checkbox', { name: 'Phát sinh cảnh báo' }));
    await register();
    expect(await screen.findByText('Sự kiện (mục 2) bị trùng hoặc đã được sử dụng.', undefined, WAIT)).toBeInTheDocument();
    await register();
    expect(await screen.findByRole('alert', undefined, WAIT)).toHaveTextContent('Khóa đã bị thu hồi hoặc đã hết hạn nên không đăng ký thêm webhook được.');
    expect(screen.queryByText(/the key is revoked/)).toBeNull();
  }, 30_000);

  it('shows the new secret once, with the warning and a copy button, until "Tôi đã lưu khóa bí mật"', async () => {
    const created: NewWebhook = { ...hook('w3', 'https://so-khcn.example.vn/moi', { events: ['value.submitted', 'directive.issued'] }), secret: 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=' };
    api.POST.mockImplementationOnce(() => {
      hooks = [ACTIVE, STOPPED, created];
      return Promise.resolve(reply(201, created));
    });
    renderDrawer();
    await rowOf(ACTIVE.url);
    const user = userEvent.setup();
    fireEvent.change(urlInput(), { target: { value: 'https://so-khcn.example.vn/moi' } });
    await user.click(screen.getByRole('checkbox', { name: 'Số liệu được gửi duyệt' }));
    await user.click(screen.getByRole('checkbox', { name: 'Chỉ đạo được ban hành' }));
    await register();
    await waitFor(() =>
      expect(api.POST).toHaveBeenCalledWith('/api/v1/webhooks', { body: { url: 'https://so-khcn.example.vn/moi', events: ['value.submitted', 'directive.issued'], api_key_id: 'k1' } }),
    );
    await waitFor(() => expect(document.querySelector('.new-webhook-secret')).toHaveTextContent('whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ='), WAIT);
    expect(screen.getByText(/sẽ không được hiển thị lại/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sao chép khóa bí mật' })).toBeInTheDocument();
    const row = await rowOf('https://so-khcn.example.vn/moi');
    expect(within(row).getByText('Chỉ đạo được ban hành')).toBeInTheDocument();
    expect(urlInput()).toHaveValue('');
    await user.click(screen.getByRole('button', { name: 'Tôi đã lưu khóa bí mật' }));
    expect(document.querySelector('.new-webhook-secret')).toBeNull();
    expect(screen.queryByText('whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=')).toBeNull();
  }, 30_000);

  it('shows the delivery log with statuses, attempts and errors, and "Gửi lại" (which refreshes the log) where actions.redeliver', async () => {
    api.POST.mockResolvedValue(reply(202, { ...DELIVERIES[1], status: 'pending' }));
    renderDrawer();
    const user = userEvent.setup();
    await user.click(within(await rowOf(ACTIVE.url)).getByRole('button', { name: /Nhật ký gửi$/ }));
    const dialog = await logDialog(ACTIVE.url);
    const log = await waitFor(() => {
      const table = dialog.querySelector('.webhook-deliveries') as HTMLElement;
      expect(within(table).getByText('Thất bại')).toBeInTheDocument();
      return table;
    }, WAIT);
    expect(api.GET).toHaveBeenCalledWith('/api/v1/webhooks/{id}/deliveries', expect.objectContaining({ params: { path: { id: 'w1' }, query: { limit: 20, offset: 0 } } }));
    const rows = [...log.querySelectorAll('tbody tr.ant-table-row')] as HTMLElement[];
    expect(rows.map((r) => r.querySelector('.delivery-status')?.textContent)).toEqual(['Đã gửi', 'Thất bại', 'Đang chờ']);
    expect(within(rows[0]!).getByText('Số liệu được phê duyệt')).toBeInTheDocument();
    expect(within(rows[0]!).getByText(/^06\/03\/2026 \d{2}:15$/)).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Nhiệm vụ được giao')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('500')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('HTTP 500 from the receiver')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('Phát sinh cảnh báo')).toBeInTheDocument();
    expect(within(rows[2]!).getByText(/^06\/03\/2026 \d{2}:00$/)).toBeInTheDocument();
    expect(within(log).getAllByRole('button', { name: 'Gửi lại' })).toHaveLength(3);

    const fetched = api.GET.mock.calls.filter(([path]) => path === '/api/v1/webhooks/{id}/deliveries').length;
    await user.click(within(rows[1]!).getByRole('button', { name: 'Gửi lại' }));
    await waitFor(() =>
      expect(api.POST).toHaveBeenCalledWith('/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver', { params: { path: { id: 'w1', delivery_id: 'd2' } } }),
    );
    await waitFor(() => expect(api.GET.mock.calls.filter(([path]) => path === '/api/v1/webhooks/{id}/deliveries').length).toBeGreaterThan(fetched), WAIT);
  }, 30_000);

  it('offers no "Gửi lại" when the webhook\'s actions.redeliver is false', async () => {
    hooks = [{ ...ACTIVE, actions: { delete: false, redeliver: false } }];
    renderDrawer();
    const user = userEvent.setup();
    await user.click(within(await rowOf(ACTIVE.url)).getByRole('button', { name: /Nhật ký gửi$/ }));
    const dialog = await logDialog(ACTIVE.url);
    await waitFor(() => expect(within(dialog).getByText('Thất bại')).toBeInTheDocument(), WAIT);
    expect(within(dialog).getByText('Đã gửi')).toBeInTheDocument();
    expect(within(dialog).getByText('Đang chờ')).toBeInTheDocument();
    expect(within(dialog).queryByRole('button', { name: 'Gửi lại' })).toBeNull();
  }, 30_000);
});
