import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Problem } from '../../../api/models';
import { ApiError } from '../../../lib/problem';
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
});
