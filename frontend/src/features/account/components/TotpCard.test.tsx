import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Problem, TotpStatus } from '../../../api/models';
import { TotpCard } from './TotpCard';
import { recoveryCodesText, svgDataUrl } from './totp-text';

const api = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn() }));
vi.mock('../../../lib/api-client', () => ({ apiClient: api, authClient: api }));

const reply = (status: number, body: unknown) => ({
  data: status < 400 ? body : undefined,
  error: status < 400 ? undefined : body,
  response: { ok: status < 400, status, headers: new Headers() } as Response,
});

const OFF: TotpStatus = { enabled: false, pending: false, required: false, recovery_codes_left: 0 };
const ON: TotpStatus = { enabled: true, pending: false, required: false, recovery_codes_left: 10 };
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>';
const CODES = Array.from({ length: 10 }, (_, i) => `abcde-${String(i).padStart(5, '0')}`);
const invalid = (field: string): Problem => ({
  type: 'x',
  title: 'Unprocessable Entity',
  status: 422,
  detail: 'x',
  code: 'validation_failed',
  request_id: 'r',
  errors: [{ field, code: 'invalid', message: 'x' }],
});

function renderCard(onEnrolled?: () => void) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <App>
        <TotpCard username="tuan" onEnrolled={onEnrolled} />
      </App>
    </QueryClientProvider>,
  );
}

const WAIT = { timeout: 10_000 };
let status: TotpStatus;

beforeEach(() => {
  api.GET.mockReset();
  api.POST.mockReset();
  status = OFF;
  api.GET.mockImplementation(() => Promise.resolve(reply(200, status)));
});

describe('totp-text', () => {
  it('makes the SVG an image source (base64, UTF-8) and the recovery codes a text file', () => {
    expect(svgDataUrl('<svg>é</svg>')).toBe(`data:image/svg+xml;base64,${btoa('<svg>\u00c3\u00a9</svg>')}`);
    expect(recoveryCodesText('Mã khôi phục', ['a', 'b'])).toBe('Mã khôi phục\n\na\nb\n');
  });
});

describe('TotpCard', () => {
  it('enrols: the QR code as an image (never as markup), the secret as text, a malformed code refused, a wrong one next to the field, then ten recovery codes shown once', async () => {
    api.POST.mockImplementation((path: string, init?: { body?: { code?: string; current_password?: string } }) => {
      if (path === '/api/v1/me/totp') {
        if (init?.body?.current_password !== 'dung-mat-khau') return Promise.resolve(reply(422, invalid('current_password')));
        return Promise.resolve(reply(200, { secret: 'JBSWY3DPEHPK3PXP', otpauth_uri: 'otpauth://totp/x', qr_svg: SVG }));
      }
      if (path === '/api/v1/me/totp/confirm') {
        if (init?.body?.code === '111111') return Promise.resolve(reply(422, invalid('code')));
        status = ON;
        return Promise.resolve(reply(200, { recovery_codes: CODES }));
      }
      return Promise.reject(new Error(path));
    });
    const onEnrolled = vi.fn();
    renderCard(onEnrolled);
    const user = userEvent.setup();
    expect(await screen.findByText('Chưa bật', undefined, WAIT)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Tắt' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Bật' }));
    // The current password first: a wrong one is refused next to the field and nothing starts.
    const password = await screen.findByLabelText('Mật khẩu hiện tại', undefined, WAIT);
    await user.click(password);
    await user.paste('sai-mat-khau');
    await user.click(screen.getByRole('button', { name: 'Tiếp tục' }));
    const passwordItem = password.closest('.ant-form-item') as HTMLElement;
    await waitFor(() => expect(passwordItem.querySelector('.ant-form-item-explain-error')).not.toBeNull(), WAIT);
    expect(screen.queryByTestId('totp-enrolment')).toBeNull();
    await user.clear(password);
    await user.paste('dung-mat-khau');
    await user.click(screen.getByRole('button', { name: 'Tiếp tục' }));
    expect(api.POST).toHaveBeenLastCalledWith('/api/v1/me/totp', { body: { current_password: 'dung-mat-khau' } });

    const qr = await screen.findByRole('img', { name: 'Mã QR để thêm tài khoản vào ứng dụng xác thực' }, WAIT);
    expect(qr.getAttribute('src')).toBe(svgDataUrl(SVG));
    expect(document.querySelector('svg script')).toBeNull();
    expect(screen.getByTestId('totp-secret')).toHaveTextContent('JBSWY3DPEHPK3PXP');

    const code = screen.getByLabelText('Mã xác thực');
    await user.type(code, '12345');
    await user.click(screen.getByRole('button', { name: 'Xác nhận' }));
    expect(await screen.findByText('Mã xác thực gồm đúng 6 chữ số', undefined, WAIT)).toBeInTheDocument();
    expect(api.POST).toHaveBeenCalledTimes(2);

    await user.clear(code);
    await user.type(code, '111111');
    await user.click(screen.getByRole('button', { name: 'Xác nhận' }));
    const item = code.closest('.ant-form-item') as HTMLElement;
    await waitFor(() => expect(item.querySelector('.ant-form-item-explain-error')).not.toBeNull(), WAIT);
    expect(item.querySelector('.ant-form-item-explain-error')?.textContent).toMatch(/^Mã xác thực/);

    await user.clear(code);
    await user.type(code, '222222');
    await user.click(screen.getByRole('button', { name: 'Xác nhận' }));
    const shown = await screen.findByTestId('recovery-codes', undefined, WAIT);
    expect(api.POST).toHaveBeenLastCalledWith('/api/v1/me/totp/confirm', { body: { code: '222222' } });
    expect([...shown.querySelectorAll('.recovery-code')].map((e) => e.textContent)).toEqual(CODES);
    expect(within(shown).getByText(/chỉ hiển thị một lần này/)).toBeInTheDocument();
    expect(within(shown).getByRole('button', { name: /Tải về/ })).toBeInTheDocument();
    expect(within(shown).getByRole('button', { name: /Sao chép/ })).toBeInTheDocument();
    expect(onEnrolled).not.toHaveBeenCalled();

    await user.click(within(shown).getByRole('button', { name: 'Tôi đã lưu các mã' }));
    expect(onEnrolled).toHaveBeenCalledTimes(1);
    expect(await screen.findByText('Đang bật', undefined, WAIT)).toBeInTheDocument();
    expect(screen.queryByTestId('recovery-codes')).toBeNull();
  }, 60_000);

  it('turns off with the current password, a wrong one shown next to the field', async () => {
    status = ON;
    api.POST.mockImplementation((path: string, init?: { body?: { current_password?: string } }) => {
      if (path === '/api/v1/me/totp/disable') {
        if (init?.body?.current_password === 'sai') return Promise.resolve(reply(422, invalid('current_password')));
        status = OFF;
        return Promise.resolve({ data: undefined, response: { ok: true, status: 204, headers: new Headers() } as Response });
      }
      return Promise.reject(new Error(path));
    });
    renderCard();
    const user = userEvent.setup();
    expect(await screen.findByText(/Còn 10 mã khôi phục chưa dùng/, undefined, WAIT)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Tắt' }));
    const password = screen.getByLabelText('Mật khẩu hiện tại');
    await user.type(password, 'sai');
    await user.click(screen.getByRole('button', { name: 'Tắt xác thực hai lớp' }));
    const item = password.closest('.ant-form-item') as HTMLElement;
    await waitFor(() => expect(item.querySelector('.ant-form-item-explain-error')?.textContent).toMatch(/^Mật khẩu hiện tại/), WAIT);
    await user.clear(password);
    await user.type(password, 'dung-mat-khau');
    await user.click(screen.getByRole('button', { name: 'Tắt xác thực hai lớp' }));
    expect(await screen.findByText('Chưa bật', undefined, WAIT)).toBeInTheDocument();
    expect(api.POST).toHaveBeenLastCalledWith('/api/v1/me/totp/disable', { body: { current_password: 'dung-mat-khau' } });
  }, 30_000);

  it('hides "Tắt" when a role requires the second factor', async () => {
    status = { ...ON, required: true };
    renderCard();
    expect(await screen.findByText('Bắt buộc theo vai trò', undefined, WAIT)).toBeInTheDocument();
    expect(screen.getByText('Vai trò của bạn bắt buộc dùng xác thực hai lớp nên không thể tắt.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Tắt' })).toBeNull();
  }, 30_000);
});
