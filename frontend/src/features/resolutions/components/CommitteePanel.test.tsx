import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgencyBrief, Committee } from '../../../api/models';
import { CommitteePanel } from './CommitteePanel';

// The panel talks to the API only through the typed client; this stands in for the server.
const api = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn(), PUT: vi.fn(), PATCH: vi.fn(), DELETE: vi.fn() }));
vi.mock('../../../lib/api-client', () => ({ apiClient: api, authClient: api }));

type Opts = { params?: { path?: { id?: string }; query?: { q?: string } }; body?: unknown };
const reply = (status: number, body: unknown) => ({
  data: status < 400 ? body : undefined,
  error: status < 400 ? undefined : body,
  response: { ok: status < 400, status, headers: new Headers() } as Response,
});
const problem = (status: number, code: string, errors: { field: string; code: string; message: string }[] = []) => ({
  type: `urn:restrack:problem:${code}`,
  title: 'Refused',
  status,
  detail: code,
  code,
  request_id: 'r',
  errors,
});

const BGDDT: AgencyBrief = { id: 'BGDDT', code: 'BGDDT', name: 'Bộ Giáo dục và Đào tạo', kind: 'ministry' };
const BYT: AgencyBrief = { id: 'BYT', code: 'BYT', name: 'Bộ Y tế', kind: 'ministry' };
const HN: AgencyBrief = { id: 'HN', code: 'HN', name: 'Thành phố Hà Nội', kind: 'province' };
const CANDIDATES = [BGDDT, BYT, HN];

const committee = (over: Partial<Committee> = {}, edit = false): Committee => ({
  resolution_id: 'R1',
  standing_agency_id: null,
  standing_agency: null,
  member_agency_ids: [],
  members: [],
  actions: { edit },
  ...over,
});
const FORMED = { standing_agency_id: 'BGDDT', standing_agency: BGDDT, member_agency_ids: ['HN'], members: [HN] };

let current: Committee;
beforeEach(() => {
  current = committee();
  api.GET.mockReset();
  api.PUT.mockReset();
  api.GET.mockImplementation((path: string, opts: Opts = {}) => {
    if (path === '/api/v1/resolutions/{id}/committee') return Promise.resolve(reply(200, current));
    if (path === '/api/v1/resolutions/{id}/committee/candidates') {
      const q = opts.params?.query?.q?.toLowerCase();
      const items = CANDIDATES.filter((a) => !q || a.name.toLowerCase().includes(q));
      return Promise.resolve(reply(200, { items, total: items.length, limit: 50, offset: 0 }));
    }
    return Promise.reject(new Error(`unexpected ${path}`));
  });
});

function renderPanel() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <App>
        <CommitteePanel resolutionId="R1" resolutionCode="71-NQ/TW" />
      </App>
    </QueryClientProvider>,
  );
}

const WAIT = { timeout: 10_000 };
const panel = () => screen.getByTestId('committee-panel');
const fieldOf = (label: string) => within(screen.getByRole('dialog')).getByLabelText(label).closest('.ant-form-item') as HTMLElement;
const EDIT = 'Sửa Ban chỉ đạo';

async function openEditor() {
  await userEvent.setup().click(await screen.findByRole('button', { name: (n) => n.endsWith(EDIT) }, WAIT));
  return screen.findByRole('dialog', undefined, WAIT);
}

async function pick(label: string, search: string, name: string) {
  const item = fieldOf(label);
  fireEvent.mouseDown(item.querySelector('.ant-select-selector') as HTMLElement);
  fireEvent.change(within(item).getByRole('combobox'), { target: { value: search } });
  await waitFor(
    () => expect(api.GET).toHaveBeenCalledWith('/api/v1/resolutions/{id}/committee/candidates', expect.objectContaining({ params: { path: { id: 'R1' }, query: { q: search, kind: undefined, limit: 50 } } })),
    WAIT,
  );
  const option = await waitFor(() => {
    const found = [...document.querySelectorAll<HTMLElement>('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')].find((o) => o.title === name);
    if (!found) throw new Error(`no option ${name}`);
    return found;
  }, WAIT);
  await userEvent.setup().click(option);
}

describe('CommitteePanel', () => {
  it('names the standing agency and the members, and offers no edit without actions.edit', async () => {
    current = committee({ ...FORMED, member_agency_ids: ['HN', 'BYT'], members: [HN, BYT] });
    renderPanel();
    expect(await within(await screen.findByTestId('committee-standing', undefined, WAIT)).findByText('Bộ Giáo dục và Đào tạo')).toBeInTheDocument();
    const members = screen.getByTestId('committee-members');
    expect(within(members).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Thành phố Hà Nội', 'Bộ Y tế']);
    expect(within(panel()).getByText('Cơ quan thường trực')).toBeInTheDocument();
    expect(within(panel()).getByText(/Các đơn vị thành viên xem được toàn bộ nghị quyết/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: (n) => n.endsWith(EDIT) })).toBeNull();
  }, 30_000);

  it('says when no committee was set up', async () => {
    current = committee({}, true);
    renderPanel();
    expect(await screen.findByText('Chưa thành lập Ban chỉ đạo.', undefined, WAIT)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: (n) => n.endsWith(EDIT) })).toBeInTheDocument();
  }, 30_000);

  it('replaces the whole committee with what the pickers hold, and shows the saved one', async () => {
    current = committee(FORMED, true);
    const saved = committee({ standing_agency_id: null, standing_agency: null, member_agency_ids: ['HN', 'BYT'], members: [HN, BYT] }, true);
    api.PUT.mockImplementation(() => {
      current = saved;
      return Promise.resolve(reply(200, saved));
    });
    renderPanel();
    const dialog = await openEditor();
    // The current values carry the committee view's names.
    expect(within(fieldOf('Cơ quan thường trực')).getByText('Bộ Giáo dục và Đào tạo')).toBeInTheDocument();
    expect(within(fieldOf('Thành viên')).getByText('Thành phố Hà Nội')).toBeInTheDocument();
    fireEvent.mouseDown(fieldOf('Cơ quan thường trực').querySelector('.ant-select-clear') as HTMLElement);
    await pick('Thành viên', 'y tế', 'Bộ Y tế');
    await userEvent.setup().click(within(dialog).getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(api.PUT).toHaveBeenCalled(), WAIT);
    expect(api.PUT).toHaveBeenCalledWith('/api/v1/resolutions/{id}/committee', {
      params: { path: { id: 'R1' } },
      body: { standing_agency_id: null, member_agency_ids: ['HN', 'BYT'] },
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull(), WAIT);
    expect(await within(panel()).findByText('Chưa có cơ quan thường trực', undefined, WAIT)).toBeInTheDocument();
    expect(within(screen.getByTestId('committee-members')).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Thành phố Hà Nội', 'Bộ Y tế']);
  }, 30_000);

  it('sends the chosen standing agency', async () => {
    current = committee({}, true);
    api.PUT.mockResolvedValue(reply(200, committee({ standing_agency_id: 'BYT', standing_agency: BYT }, true)));
    renderPanel();
    const dialog = await openEditor();
    await pick('Cơ quan thường trực', 'y tế', 'Bộ Y tế');
    await userEvent.setup().click(within(dialog).getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(api.PUT).toHaveBeenCalled(), WAIT);
    expect(api.PUT.mock.calls[0]?.[1]).toEqual({ params: { path: { id: 'R1' } }, body: { standing_agency_id: 'BYT', member_agency_ids: [] } });
  }, 30_000);

  it('shows the server\'s refusals under their fields, naming the member refused', async () => {
    current = committee(FORMED, true);
    api.PUT.mockResolvedValue(
      reply(
        422,
        problem(422, 'validation_failed', [
          { field: 'standing_agency_id', code: 'not_found', message: 'no such agency' },
          { field: 'member_agency_ids[0]', code: 'not_found', message: 'no such agency' },
        ]),
      ),
    );
    renderPanel();
    const dialog = await openEditor();
    await userEvent.setup().click(within(dialog).getByRole('button', { name: 'Lưu' }));
    expect(await within(fieldOf('Thành viên')).findByText('Không tìm thấy đơn vị Thành phố Hà Nội, hoặc đơn vị không còn hoạt động.', undefined, WAIT)).toBeInTheDocument();
    expect(within(fieldOf('Cơ quan thường trực')).getByText('Không tìm thấy Cơ quan thường trực đã chọn, hoặc nằm ngoài phạm vi của bạn.')).toBeInTheDocument();
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  }, 30_000);

  it('says so when the resolution is closed', async () => {
    current = committee(FORMED, true);
    api.PUT.mockResolvedValue(reply(409, problem(409, 'resolution_closed')));
    renderPanel();
    const dialog = await openEditor();
    await userEvent.setup().click(within(dialog).getByRole('button', { name: 'Lưu' }));
    expect(await within(dialog).findByText('Nghị quyết đã kết thúc: không thể thay đổi Ban chỉ đạo.', undefined, WAIT)).toBeInTheDocument();
  }, 30_000);
});
