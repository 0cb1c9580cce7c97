import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgencyBrief } from '../../../api/models';
import { ApiError } from '../../../lib/problem';
import { AgencyFormModal, type AgencyFormValues } from './AgencyFormModal';

// The sector-line picker asks the server (`GET /sector-heads`); this stands in for it.
const api = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn(), PATCH: vi.fn(), DELETE: vi.fn() }));
vi.mock('../../../lib/api-client', () => ({ apiClient: api, authClient: api }));

type Opts = { params?: { query?: { q?: string; id?: string } } };
const reply = (body: unknown) => ({ data: body, error: undefined, response: { ok: true, status: 200, headers: new Headers() } as Response });
const BGDDT: AgencyBrief = { id: 'BGDDT', code: 'BGDDT', name: 'Bộ Giáo dục và Đào tạo', kind: 'ministry' };
const BYT: AgencyBrief = { id: 'BYT', code: 'BYT', name: 'Bộ Y tế', kind: 'ministry' };
const HEADS = [BGDDT, BYT];

beforeEach(() => {
  api.GET.mockReset();
  api.GET.mockImplementation((path: string, opts: Opts = {}) => {
    if (path !== '/api/v1/sector-heads') return Promise.reject(new Error(`unexpected ${path}`));
    const { q, id } = opts.params?.query ?? {};
    const items = id !== undefined ? HEADS.filter((a) => a.id === id) : HEADS.filter((a) => !q || a.name.toLowerCase().includes(q.toLowerCase()));
    return Promise.resolve(reply({ items, total: items.length, limit: 50, offset: 0 }));
  });
});

const wrap = (children: ReactNode) => (
  <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
    <App>{children}</App>
  </QueryClientProvider>
);

const WAIT = { timeout: 10_000 };
const SECTOR = 'Ngành dọc (bộ/sở quản lý chuyên ngành)';
const sectorItem = () => screen.getByLabelText(SECTOR).closest('.ant-form-item') as HTMLElement;

async function fillNew() {
  fireEvent.change(screen.getByLabelText('Mã đơn vị'), { target: { value: 'E2E-MOI' } });
  fireEvent.change(screen.getByLabelText('Tên đơn vị'), { target: { value: 'Phường Mới' } });
  fireEvent.mouseDown(screen.getByLabelText('Loại đơn vị').closest('.ant-select')?.querySelector('.ant-select-selector') as HTMLElement);
  await userEvent.setup().click(await screen.findByTitle('Khác', undefined, WAIT));
}

describe('AgencyFormModal (new agency)', () => {
  it('sends "Ngày thành lập" as today by default', async () => {
    const onSubmit = vi.fn(() => Promise.resolve());
    render(wrap(
        <AgencyFormModal title="Thêm" parentLabel="ROOT" withEstablishedOn onSubmit={onSubmit} onClose={vi.fn()} />
    ));
    expect(await screen.findByLabelText('Ngày thành lập', undefined, WAIT)).toHaveValue(dayjs().format('DD/MM/YYYY'));
    await fillNew();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ code: 'E2E-MOI', name: 'Phường Mới', kind: 'other', established_on: dayjs().format('YYYY-MM-DD') }));
  }, 30_000);

  it('shows the server\'s refusal of the day at the field and stays open', async () => {
    const onClose = vi.fn();
    const refusal = new ApiError(422, {
      type: 'urn:restrack:problem:validation_failed', title: 'Unprocessable Entity', status: 422, detail: 'validation failed', code: 'validation_failed', request_id: 'r',
      errors: [{ field: 'established_on', code: 'range', message: 'must be today or earlier' }],
    });
    render(wrap(
        <AgencyFormModal title="Thêm" parentLabel="ROOT" withEstablishedOn onSubmit={() => Promise.reject(refusal)} onClose={onClose} />
    ));
    await fillNew();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Lưu' }));
    const item = (await screen.findByLabelText('Ngày thành lập', undefined, WAIT)).closest('.ant-form-item') as HTMLElement;
    expect(await within(item).findByText('Ngày thành lập nằm ngoài giới hạn cho phép.')).toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();
  }, 30_000);

  it('asks no day when editing', async () => {
    render(wrap(
        <AgencyFormModal title="Sửa" initial={{ code: 'HN', name: 'Hà Nội', kind: 'province' }} onSubmit={vi.fn()} onClose={vi.fn()} />
    ));
    await screen.findByLabelText('Tên đơn vị', undefined, WAIT);
    expect(screen.queryByLabelText('Ngày thành lập')).toBeNull();
  }, 30_000);
});

const HN_SGD = { code: 'HN-SGDDT', name: 'Sở Giáo dục và Đào tạo Hà Nội', kind: 'department' as const };

describe('AgencyFormModal (sector line)', () => {
  it('names the current head and sends no sector_ministry_id when it is unchanged', async () => {
    const onSubmit = vi.fn<(values: AgencyFormValues) => Promise<void>>(() => Promise.resolve());
    render(wrap(<AgencyFormModal title="Sửa" initial={{ ...HN_SGD, sector_ministry_id: 'BGDDT' }} onSubmit={onSubmit} onClose={vi.fn()} />));
    await screen.findByLabelText(SECTOR, undefined, WAIT);
    expect(await within(sectorItem()).findByText('Bộ Giáo dục và Đào tạo', undefined, WAIT)).toBeInTheDocument();
    expect(api.GET).toHaveBeenCalledWith('/api/v1/sector-heads', expect.objectContaining({ params: { query: { id: 'BGDDT' } } }));
    await userEvent.setup().click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(onSubmit).toHaveBeenCalledWith({ code: 'HN-SGDDT', name: 'Sở Giáo dục và Đào tạo Hà Nội', kind: 'department' });
    expect(onSubmit.mock.calls[0]?.[0]).not.toHaveProperty('sector_ministry_id');
  }, 30_000);

  it('sends null when the user clears the head (out of its line)', async () => {
    const onSubmit = vi.fn<(values: AgencyFormValues) => Promise<void>>(() => Promise.resolve());
    render(wrap(<AgencyFormModal title="Sửa" initial={{ ...HN_SGD, sector_ministry_id: 'BGDDT' }} onSubmit={onSubmit} onClose={vi.fn()} />));
    await within(await waitFor(sectorItem, WAIT)).findByText('Bộ Giáo dục và Đào tạo', undefined, WAIT);
    fireEvent.mouseDown(sectorItem().querySelector('.ant-select-clear') as HTMLElement);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(onSubmit).toHaveBeenCalledWith({ ...HN_SGD, sector_ministry_id: null });
  }, 30_000);

  it('keeps a head the caller may not name, labelled "Đơn vị khác", and does not send it back', async () => {
    const onSubmit = vi.fn<(values: AgencyFormValues) => Promise<void>>(() => Promise.resolve());
    render(wrap(<AgencyFormModal title="Sửa" initial={{ ...HN_SGD, sector_ministry_id: 'HIDDEN' }} onSubmit={onSubmit} onClose={vi.fn()} />));
    await waitFor(sectorItem, WAIT);
    expect(await within(sectorItem()).findByText('Đơn vị khác', undefined, WAIT)).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(onSubmit).toHaveBeenCalledWith(HN_SGD);
    expect(onSubmit.mock.calls[0]?.[0]).not.toHaveProperty('sector_ministry_id');
  }, 30_000);

  it('searches the heads on the server and sends the one chosen for a new agency', async () => {
    const onSubmit = vi.fn<(values: AgencyFormValues) => Promise<void>>(() => Promise.resolve());
    render(wrap(<AgencyFormModal title="Thêm" parentLabel="HN" onSubmit={onSubmit} onClose={vi.fn()} />));
    await fillNew();
    const input = screen.getByLabelText(SECTOR);
    fireEvent.mouseDown(sectorItem().querySelector('.ant-select-selector') as HTMLElement);
    fireEvent.change(input, { target: { value: 'y tế' } });
    await waitFor(() => expect(api.GET).toHaveBeenCalledWith('/api/v1/sector-heads', expect.objectContaining({ params: { query: { q: 'y tế', limit: 50 } } })), WAIT);
    await waitFor(() => expect(screen.queryByTitle('Bộ Giáo dục và Đào tạo')).toBeNull(), WAIT);
    await userEvent.setup().click(await screen.findByTitle('Bộ Y tế', undefined, WAIT));
    await userEvent.setup().click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(onSubmit).toHaveBeenCalledWith({ code: 'E2E-MOI', name: 'Phường Mới', kind: 'other', sector_ministry_id: 'BYT' });
  }, 30_000);

  it('sends no head for a new agency when none is chosen', async () => {
    const onSubmit = vi.fn<(values: AgencyFormValues) => Promise<void>>(() => Promise.resolve());
    render(wrap(<AgencyFormModal title="Thêm" parentLabel="HN" onSubmit={onSubmit} onClose={vi.fn()} />));
    await fillNew();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ code: 'E2E-MOI', name: 'Phường Mới', kind: 'other' }));
    expect(onSubmit.mock.calls[0]?.[0]).not.toHaveProperty('sector_ministry_id');
  }, 30_000);

  it('shows the server\'s refusal of the head under the field', async () => {
    const refusal = new ApiError(422, {
      type: 'urn:restrack:problem:validation_failed', title: 'Unprocessable Entity', status: 422, detail: 'validation failed', code: 'validation_failed', request_id: 'r',
      errors: [{ field: 'sector_ministry_id', code: 'invalid', message: 'would put the agency in its own sector line (a cycle)' }],
    });
    const onClose = vi.fn();
    render(wrap(<AgencyFormModal title="Sửa" initial={{ ...HN_SGD, sector_ministry_id: 'BGDDT' }} onSubmit={() => Promise.reject(refusal)} onClose={onClose} />));
    await within(await waitFor(sectorItem, WAIT)).findByText('Bộ Giáo dục và Đào tạo', undefined, WAIT);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Lưu' }));
    expect(await within(sectorItem()).findByText('Ngành dọc (bộ/sở quản lý chuyên ngành) không hợp lệ.', undefined, WAIT)).toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();
  }, 30_000);

  it('leaves the head read-only without edit_identity', async () => {
    render(wrap(<AgencyFormModal title="Sửa" initial={{ ...HN_SGD, sector_ministry_id: 'BGDDT' }} identityEditable={false} onSubmit={vi.fn()} onClose={vi.fn()} />));
    expect(await screen.findByLabelText(SECTOR, undefined, WAIT)).toBeDisabled();
    expect(await within(sectorItem()).findByText('Bộ Giáo dục và Đào tạo', undefined, WAIT)).toBeInTheDocument();
  }, 30_000);
});
