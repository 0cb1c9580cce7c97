import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role, User } from '../../../api/models';
import { UsersPage } from './UsersPage';

const api = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn(), PATCH: vi.fn(), DELETE: vi.fn() }));
vi.mock('../../../lib/api-client', () => ({ apiClient: api, authClient: api }));

const reply = (body: unknown) => ({ data: body, response: { ok: true, status: 200, headers: new Headers() } as Response });
const NONE: User['actions'] = { edit: false, set_password: false, deactivate: false, end_sessions: false, grantable_roles: [] };

const login = (username: string, roles: Role[], actions: Partial<User['actions']>): User => ({
  id: username,
  username,
  display_name: `Người dùng ${username}`,
  agency_id: 'ROOT',
  roles,
  active: true,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  actions: { ...NONE, ...actions },
});

// Three logins as an agency admin sees them: its own (rename only), a colleague (everything but
// admin), and an admin's account (nothing). The page must follow these actions, not the roles.
const OWN = login('tuquan', ['agency_admin'], { edit: true });
const COLLEAGUE = login('canbo', ['reporter'], { edit: true, set_password: true, deactivate: true, grantable_roles: ['agency_admin', 'planner', 'reporter', 'viewer'] });
const ADMIN = login('quantri', ['admin'], {});
// A login whose sessions and second factor the caller manages (actions.end_sessions).
const MANAGED = login('baocao2', ['reporter'], { end_sessions: true });

function serve(manageUsers: boolean) {
  api.GET.mockImplementation((path: string) => {
    if (path === '/api/v1/me')
      return Promise.resolve(reply({ id: 'tuquan', username: 'tuquan', agency_id: 'ROOT', roles: ['admin'], actions: { manage_users: manageUsers, grantable_roles: ['planner', 'viewer'] } }));
    if (path === '/api/v1/users') return Promise.resolve(reply({ items: [OWN, COLLEAGUE, ADMIN, MANAGED], total: 4, limit: 20, offset: 0 }));
    return Promise.resolve({ error: { status: 404, title: 'Not Found' }, response: { ok: false, status: 404, headers: new Headers() } as Response });
  });
}

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <App>
        <MemoryRouter>
          <UsersPage />
        </MemoryRouter>
      </App>
    </QueryClientProvider>,
  );
}

const WAIT = { timeout: 10_000 };
const row = async (username: string) => (await screen.findByText(username, { selector: 'strong' }, WAIT)).closest('tr') as HTMLElement;
const buttonsOf = (r: HTMLElement) => within(r).queryAllByRole('button').map((b) => b.textContent);
const checkboxLabels = (dialog: HTMLElement) => [...dialog.querySelectorAll('.ant-checkbox-wrapper')].map((c) => c.textContent);

beforeEach(() => {
  api.GET.mockReset();
  api.PATCH.mockReset();
  api.DELETE.mockReset();
});

describe('UsersPage', () => {
  it('offers per login exactly its actions, and the create button from me.actions.manage_users', async () => {
    serve(false);
    renderPage();
    expect(buttonsOf(await row('tuquan'))).toEqual(['Sửa']);
    expect(buttonsOf(await row('canbo'))).toEqual(['Sửa', 'Khóa']);
    expect(buttonsOf(await row('quantri'))).toEqual([]);
    expect(screen.queryByRole('button', { name: (n) => n.endsWith('Thêm người dùng') })).toBeNull();
  }, 30_000);

  it('offers a colleague\'s grantable_roles and a password reset; the create form offers me.actions.grantable_roles', async () => {
    serve(true);
    renderPage();
    const user = userEvent.setup();
    await user.click(within(await row('canbo')).getByRole('button', { name: (n) => n.endsWith('Sửa') }));
    let dialog = await screen.findByRole('dialog', undefined, WAIT);
    expect(checkboxLabels(dialog)).toEqual(['Quản trị đơn vị', 'Lập kế hoạch', 'Báo cáo', 'Theo dõi']);
    expect(within(dialog).getByLabelText('Đặt lại mật khẩu (để trống nếu không đổi)')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Hủy' }));
    await user.click(await screen.findByRole('button', { name: (n) => n.endsWith('Thêm người dùng') }, WAIT));
    dialog = await screen.findByRole('dialog', { name: 'Thêm người dùng' }, WAIT);
    expect(checkboxLabels(dialog)).toEqual(['Lập kế hoạch', 'Theo dõi']);
  }, 30_000);

  it('edits one\'s own login without roles, status or password, and sends none of them', async () => {
    serve(true);
    api.PATCH.mockResolvedValue(reply({ ...OWN, display_name: 'Tên mới' }));
    renderPage();
    const user = userEvent.setup();
    await user.click(within(await row('tuquan')).getByRole('button', { name: (n) => n.endsWith('Sửa') }));
    const dialog = await screen.findByRole('dialog', undefined, WAIT);
    expect(checkboxLabels(dialog)).toEqual([]);
    expect(within(dialog).getByText('Bạn không đổi được vai trò của tài khoản này.')).toBeInTheDocument();
    expect(within(dialog).queryByRole('switch')).toBeNull();
    expect(within(dialog).queryByLabelText('Đặt lại mật khẩu (để trống nếu không đổi)')).toBeNull();
    const name = within(dialog).getByLabelText('Họ và tên');
    await user.clear(name);
    await user.type(name, 'Tên mới');
    await user.click(within(dialog).getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(api.PATCH).toHaveBeenCalled());
    expect(api.PATCH).toHaveBeenCalledWith('/api/v1/users/{id}', { params: { path: { id: 'tuquan' } }, body: { display_name: 'Tên mới', agency_id: 'ROOT' } });
  }, 30_000);

  it('offers "Đăng xuất mọi phiên" and "Đặt lại xác thực hai lớp" only where actions.end_sessions, each after a confirmation, and says how many sessions ended', async () => {
    serve(true);
    api.DELETE.mockImplementation((path: string) =>
      Promise.resolve(path === '/api/v1/users/{id}/sessions' ? reply({ ended: 3 }) : { data: undefined, response: { ok: true, status: 204, headers: new Headers() } as Response }),
    );
    renderPage();
    expect(buttonsOf(await row('baocao2'))).toEqual(['Đăng xuất mọi phiên', 'Đặt lại xác thực hai lớp']);
    expect(buttonsOf(await row('canbo'))).toEqual(['Sửa', 'Khóa']);
    const user = userEvent.setup();
    await user.click(within(await row('baocao2')).getByRole('button', { name: (n) => n.endsWith('Đăng xuất mọi phiên') }));
    expect(api.DELETE).not.toHaveBeenCalled();
    const confirm = await screen.findByText('Đăng xuất mọi phiên đăng nhập của baocao2? Người dùng sẽ phải đăng nhập lại.', undefined, WAIT);
    await user.click(within(confirm.closest('.ant-popover') as HTMLElement).getByRole('button', { name: 'Đăng xuất mọi phiên' }));
    await waitFor(() => expect(api.DELETE).toHaveBeenCalledWith('/api/v1/users/{id}/sessions', { params: { path: { id: 'baocao2' } } }));
    expect(await screen.findByText('Đã kết thúc 3 phiên đăng nhập của baocao2', undefined, WAIT)).toBeInTheDocument();
    await user.click(within(await row('baocao2')).getByRole('button', { name: (n) => n.endsWith('Đặt lại xác thực hai lớp') }));
    const reset = await screen.findByText((text) => text.startsWith('Đặt lại xác thực hai lớp của baocao2?'), undefined, WAIT);
    await user.click(within(reset.closest('.ant-popover') as HTMLElement).getByRole('button', { name: 'Đặt lại xác thực hai lớp' }));
    await waitFor(() => expect(api.DELETE).toHaveBeenCalledWith('/api/v1/users/{id}/totp', { params: { path: { id: 'baocao2' } } }));
    expect(await screen.findByText('Đã đặt lại xác thực hai lớp của baocao2', undefined, WAIT)).toBeInTheDocument();
  }, 30_000);
});
