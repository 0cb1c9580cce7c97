import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Problem } from '../../../api/models';
import { ApiError } from '../../../lib/problem';
import type { Credentials } from '../api/login';
import { LoginForm } from './LoginForm';

const problem = (status: number, code: Problem['code']): Problem => ({ type: 'about:blank', title: 'x', status, detail: 'x', code, request_id: 'req-1' });

async function fillAndSubmit(username = 'admin', password = 'secret') {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('Tên đăng nhập'), username);
  await user.type(screen.getByLabelText('Mật khẩu'), password);
  await user.click(screen.getByRole('button', { name: 'Đăng nhập' }));
}

describe('LoginForm', () => {
  it('labels its inputs in Vietnamese and submits trimmed credentials', async () => {
    const onLogin = vi.fn(() => Promise.resolve());
    render(<LoginForm onLogin={onLogin} />);
    await fillAndSubmit('  admin ', 'pa ss');
    expect(onLogin).toHaveBeenCalledWith({ username: 'admin', password: 'pa ss' });
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('asks for both fields before calling the server', async () => {
    const onLogin = vi.fn(() => Promise.resolve());
    render(<LoginForm onLogin={onLogin} />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Đăng nhập' }));
    expect(await screen.findByText('Vui lòng nhập tên đăng nhập')).toBeInTheDocument();
    expect(screen.getByText('Vui lòng nhập mật khẩu')).toBeInTheDocument();
    expect(onLogin).not.toHaveBeenCalled();
  });

  it('explains wrong credentials (401)', async () => {
    render(<LoginForm onLogin={() => Promise.reject(new ApiError(401, problem(401, 'unauthorized')))} />);
    await fillAndSubmit();
    expect(await screen.findByRole('alert')).toHaveTextContent('Tên đăng nhập hoặc mật khẩu không đúng.');
  });

  it('tells how long to wait after too many failures (429 + Retry-After)', async () => {
    render(<LoginForm onLogin={() => Promise.reject(new ApiError(429, problem(429, 'rate_limited'), 30))} />);
    await fillAndSubmit();
    expect(await screen.findByRole('alert')).toHaveTextContent('thử lại sau 30 giây');
  });

  it('asks for the authenticator code when the account uses a second factor, refuses a malformed one, and shows a wrong one next to the field', async () => {
    const onLogin = vi
      .fn<(c: Credentials) => Promise<void>>()
      .mockRejectedValueOnce(new ApiError(401, problem(401, 'second_factor_required')))
      .mockRejectedValueOnce(new ApiError(401, problem(401, 'second_factor_invalid')))
      .mockResolvedValueOnce(undefined);
    render(<LoginForm onLogin={onLogin} />);
    await fillAndSubmit('tuan', 'mat-khau-dai');
    const code = await screen.findByLabelText('Mã xác thực');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    const user = userEvent.setup();
    await user.type(code, '12a45');
    await user.click(screen.getByRole('button', { name: 'Xác nhận' }));
    expect(await screen.findByText('Mã xác thực gồm đúng 6 chữ số')).toBeInTheDocument();
    expect(onLogin).toHaveBeenCalledTimes(1);
    await user.clear(code);
    await user.type(code, '123456');
    await user.click(screen.getByRole('button', { name: 'Xác nhận' }));
    expect(onLogin).toHaveBeenLastCalledWith({ username: 'tuan', password: 'mat-khau-dai', totp_code: '123456' });
    expect(await screen.findByText('Mã xác thực không đúng, đã hết hạn hoặc đã được dùng.')).toBeInTheDocument();
    await user.clear(code);
    await user.type(code, '654321');
    await user.click(screen.getByRole('button', { name: 'Xác nhận' }));
    expect(onLogin).toHaveBeenLastCalledWith({ username: 'tuan', password: 'mat-khau-dai', totp_code: '654321' });
  });

  it('offers "Dùng mã khôi phục" and sends the recovery code in place of the authenticator code', async () => {
    const onLogin = vi
      .fn<(c: Credentials) => Promise<void>>()
      .mockRejectedValueOnce(new ApiError(401, problem(401, 'second_factor_required')))
      .mockResolvedValueOnce(undefined);
    render(<LoginForm onLogin={onLogin} />);
    await fillAndSubmit('tuan', 'mat-khau-dai');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Dùng mã khôi phục' }));
    await user.type(screen.getByLabelText('Mã khôi phục'), 'k3m9p-x7q2a');
    await user.click(screen.getByRole('button', { name: 'Xác nhận' }));
    await waitFor(() => expect(onLogin).toHaveBeenLastCalledWith({ username: 'tuan', password: 'mat-khau-dai', recovery_code: 'k3m9p-x7q2a' }));
  });
});
