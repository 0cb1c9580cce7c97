import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Problem } from '../../../api/models';
import { session } from '../../../lib/session';
import { SsoButton } from './SsoButton';
import { SsoCallbackPage } from './SsoCallbackPage';

const api = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn() }));
vi.mock('../../../lib/api-client', () => ({ apiClient: api, authClient: api }));

const reply = (status: number, body: unknown) => ({
  data: status < 400 ? body : undefined,
  error: status < 400 ? undefined : body,
  response: { ok: status < 400, status, headers: new Headers() } as Response,
});
const WAIT = { timeout: 10_000 };
const PAIR = { access_token: 'a', refresh_token: 'r', token_type: 'Bearer', expires_in: 900, second_factor_enrolment_required: false };

/** The callback page opened at `search`, with a stand-in for the page the login leads to. */
function openCallback(search: string) {
  window.history.replaceState(null, '', `/login/oidc${search}`);
  const router = createMemoryRouter(
    [
      { path: '/login/oidc', element: <SsoCallbackPage /> },
      { path: '/tasks', element: <p>trang công việc</p> },
      { path: '/login', element: <p>trang đăng nhập</p> },
    ],
    { initialEntries: [`/login/oidc${search}`] },
  );
  render(
    <QueryClientProvider client={new QueryClient()}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

beforeEach(() => {
  api.GET.mockReset();
  api.POST.mockReset();
  session.end('logged_out');
});

describe('SsoCallbackPage', () => {
  it('hands the answer to the server once, opens the session and goes where the sign-in started; the code leaves the address bar', async () => {
    api.POST.mockResolvedValue(reply(200, { ...PAIR, return_to: '/tasks' }));
    openCallback('?code=c1&state=s1&iss=http%3A%2F%2Fidp');
    expect(await screen.findByText('trang công việc', undefined, WAIT)).toBeInTheDocument();
    expect(api.POST).toHaveBeenCalledTimes(1);
    expect(api.POST).toHaveBeenCalledWith('/api/v1/auth/oidc/callback', { body: { code: 'c1', state: 's1', iss: 'http://idp' } });
    expect(session.getAccessToken()).toBe('a');
    expect(window.location.search).toBe('');
  });

  it('explains a refusal in Vietnamese, opens no session and offers the way back', async () => {
    const refused: Problem = { type: 'x', title: 'Unauthorized', status: 401, detail: 'x', code: 'sso_user_unknown', request_id: 'r' };
    api.POST.mockResolvedValue(reply(401, refused));
    openCallback('?code=c2&state=s2');
    expect(await screen.findByText(/chưa gắn với tài khoản nào/, undefined, WAIT)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Quay lại trang đăng nhập' })).toBeInTheDocument();
    expect(session.getAccessToken()).toBeNull();
  });

  it('shows what the provider said when it sends an error instead of a code, and posts nothing', async () => {
    openCallback('?error=access_denied&error_description=user%20cancelled');
    expect(await screen.findByText('Hệ thống định danh từ chối đăng nhập: user cancelled', undefined, WAIT)).toBeInTheDocument();
    expect(api.POST).not.toHaveBeenCalled();
  });
});

describe('SsoButton', () => {
  it('is not shown when the server offers no single sign-on, and names the provider when it does', async () => {
    api.GET.mockResolvedValue(reply(200, { enabled: false, name: null }));
    const { unmount } = render(
      <QueryClientProvider client={new QueryClient()}>
        <SsoButton returnTo="/" />
      </QueryClientProvider>,
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByRole('button')).toBeNull();
    unmount();
    api.GET.mockResolvedValue(reply(200, { enabled: true, name: 'VNeID' }));
    render(
      <QueryClientProvider client={new QueryClient()}>
        <SsoButton returnTo="/" />
      </QueryClientProvider>,
    );
    expect(await screen.findByRole('button', { name: 'Đăng nhập bằng VNeID' }, WAIT)).toBeInTheDocument();
  });
});
