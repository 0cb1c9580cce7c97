import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Agency, AgencyLineage, AgencyTreeNode } from '../../../api/models';
import { AgenciesPage } from './AgenciesPage';

// The page talks to the API only through the typed client; this stands in for the server.
const api = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn(), PATCH: vi.fn(), DELETE: vi.fn() }));
vi.mock('../../../lib/api-client', () => ({ apiClient: api, authClient: api }));

type Opts = { params?: { path?: { id?: string }; query?: { as_of?: string } } };
const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  data: status < 400 ? body : undefined,
  error: status < 400 ? undefined : body,
  response: { ok: status < 400, status, headers: new Headers(headers) } as Response,
});
const notFound = reply(404, { type: 'urn:restrack:problem:not_found', title: 'Not Found', status: 404, detail: 'agency not found', code: 'not_found', request_id: 'r' });

type Actions = AgencyTreeNode['actions'];
const NONE: Actions = { edit: false, edit_identity: false, add_child: false, delete: false, merge: false, dissolve: false, undo_merge: false };
const ALL: Actions = { edit: true, edit_identity: true, add_child: true, delete: true, merge: true, dissolve: true, undo_merge: true };

const node = (id: string, name: string, parent: string | null, status: Agency['status'], children: AgencyTreeNode[] = []): AgencyTreeNode => ({
  id,
  code: id,
  name,
  kind: 'province',
  parent_id: parent,
  status,
  actions: NONE,
  children,
});
// Today: HG merged into TQ. On 2026-09-30: HG a province of its own.
const TODAY = node('ROOT', 'Văn phòng Trung ương', null, 'active', [
  node('HN', 'Thành phố Hà Nội', 'ROOT', 'active'),
  node('TQ', 'Tỉnh Tuyên Quang', 'ROOT', 'active', [node('HG', 'Tỉnh Hà Giang', 'TQ', 'merged')]),
]);
const BEFORE = node('ROOT', 'Văn phòng Trung ương', null, 'active', [
  node('HG', 'Tỉnh Hà Giang', 'ROOT', 'active'),
  node('HN', 'Thành phố Hà Nội', 'ROOT', 'active'),
  node('TQ', 'Tỉnh Tuyên Quang', 'ROOT', 'active'),
]);

function findNode(root: AgencyTreeNode, id: string): AgencyTreeNode | undefined {
  if (root.id === id) return root;
  for (const c of root.children) {
    const found = findNode(c, id);
    if (found) return found;
  }
  return undefined;
}

/** The tree with each node's actions as the server would send them (none for a past day). */
const withActions = (n: AgencyTreeNode, actionsOf: (id: string) => Actions): AgencyTreeNode => ({
  ...n,
  actions: actionsOf(n.id),
  children: n.children.map((c) => withActions(c, actionsOf)),
});

const asAgency = (n: AgencyTreeNode, depth: number): Agency => ({
  id: n.id,
  code: n.code,
  name: n.name,
  kind: n.kind,
  parent_id: n.parent_id ?? null,
  depth,
  status: n.status,
  merged_into_id: n.status === 'merged' ? n.parent_id ?? null : null,
  established_on: '2026-01-01',
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  actions: n.actions,
});

/**
 * Stands in for the server: `actions` says what the caller may do with each agency today; the
 * page must show exactly that, whatever the caller's roles (here an unrelated role on purpose).
 */
let lineages: Record<string, AgencyLineage> = {};

function serve(actions: Record<string, Partial<Actions>>, { rootFrom }: { rootFrom?: string } = {}) {
  const today = (id: string): Actions => ({ ...NONE, ...actions[id] });
  api.GET.mockImplementation((path: string, opts: Opts = {}) => {
    const id = opts.params?.path?.id ?? '';
    const asOf = opts.params?.query?.as_of;
    if (path === '/api/v1/me') return Promise.resolve(reply(200, { id: 'u', username: 'u', agency_id: 'ROOT', roles: ['viewer'], agency: asAgency(TODAY, 0) }));
    if (asOf && rootFrom && asOf < rootFrom) return Promise.resolve(notFound);
    const tree = withActions(asOf && asOf < '2026-10-01' ? BEFORE : TODAY, asOf ? () => NONE : today);
    const found = findNode(tree, id);
    if (!found) return Promise.resolve(notFound);
    if (path === '/api/v1/agencies/{id}/lineage') return Promise.resolve(lineages[id] ? reply(200, lineages[id]) : notFound);
    if (path === '/api/v1/agencies/{id}/tree') return Promise.resolve(reply(200, found));
    if (path === '/api/v1/agencies/{id}') return Promise.resolve(reply(200, asAgency(found, id === 'ROOT' ? 0 : 1), asOf ? {} : { ETag: '"1"' }));
    return Promise.resolve(notFound);
  });
}

function renderPage(url = '/admin/agencies') {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <App>
        <MemoryRouter initialEntries={[url]}>
          <AgenciesPage />
        </MemoryRouter>
      </App>
    </QueryClientProvider>,
  );
}

// The first render of antd in a test file is slow.
const WAIT = { timeout: 10_000 };
const agencyNode = async (code: string) => {
  await screen.findByText((_, el) => el?.getAttribute('data-code') === code, undefined, WAIT);
  return document.querySelector(`.agency-node[data-code="${code}"]`) as HTMLElement;
};
/** Opens the one collapsed branch (TQ, which holds the merged HG). */
const expandCollapsed = async () => {
  await agencyNode('TQ');
  await userEvent.setup().click(document.querySelector('.ant-tree-switcher_close') as HTMLElement);
};
// A button's name starts with its icon's label ("editSửa"); match the end, case-sensitively.
const named = (text: string) => (name: string) => name.endsWith(text);
const button = (text: string) => screen.queryByRole('button', { name: named(text) });
const details = async (title: string) => {
  const heading = await screen.findByText(title, { selector: '.ant-card-head-title' }, WAIT);
  return heading.closest('.ant-card') as HTMLElement;
};

beforeEach(() => {
  lineages = {};
  api.GET.mockReset();
  api.POST.mockReset();
  api.PATCH.mockReset();
  api.DELETE.mockReset();
});

const REORG = ['Sửa', 'Thêm đơn vị trực thuộc', 'Hợp nhất', 'Chia tách', 'Giải thể', 'Hoàn tác hợp nhất', 'Xóa đơn vị'];
const offered = () => REORG.filter((name) => button(name) !== null);

describe('AgenciesPage', () => {
  it('offers for each agency exactly what its actions allow', async () => {
    serve({ ROOT: { edit: true, add_child: true }, HN: { ...ALL, undo_merge: false }, HG: { edit: true, edit_identity: true, undo_merge: true } });
    renderPage();
    await details('ROOT — Văn phòng Trung ương');
    expect(offered()).toEqual(['Sửa', 'Thêm đơn vị trực thuộc']);
    await userEvent.setup().click(await agencyNode('HN'));
    await details('HN — Thành phố Hà Nội');
    expect(offered()).toEqual(['Sửa', 'Thêm đơn vị trực thuộc', 'Hợp nhất', 'Chia tách', 'Giải thể', 'Xóa đơn vị']);
    await expandCollapsed();
    await userEvent.setup().click(await agencyNode('HG'));
    const card = await details('HG — Tỉnh Hà Giang');
    expect(within(card).getByText('Đã sáp nhập')).toBeInTheDocument();
    expect(offered()).toEqual(['Sửa', 'Hoàn tác hợp nhất']);
  }, 30_000);

  it('shows no merge button for merge: false and no add button for add_child: false, even next to the other actions', async () => {
    serve({ HN: { ...ALL, merge: false, add_child: false } });
    renderPage();
    await details('ROOT — Văn phòng Trung ương');
    expect(offered()).toEqual([]);
    await userEvent.setup().click(await agencyNode('HN'));
    await details('HN — Thành phố Hà Nội');
    expect(button('Hợp nhất')).toBeNull();
    expect(button('Chia tách')).toBeNull(); // who may split is who may merge
    expect(button('Thêm đơn vị trực thuộc')).toBeNull();
    expect(button('Giải thể')).not.toBeNull();
    expect(button('Hoàn tác hợp nhất')).not.toBeNull(); // the page does not second-guess the server's undo_merge
  }, 30_000);

  it('edits only the name when edit_identity is false: code and kind are read-only and not sent', async () => {
    serve({ ROOT: { edit: true } });
    api.PATCH.mockResolvedValue(reply(200, asAgency(withActions(TODAY, () => ({ ...NONE, edit: true })), 0), { ETag: '"2"' }));
    renderPage();
    await details('ROOT — Văn phòng Trung ương');
    const user = userEvent.setup();
    await user.click(button('Sửa') as HTMLElement);
    const dialog = await screen.findByRole('dialog', undefined, WAIT);
    expect(within(dialog).getByText('Bạn chỉ đổi được tên của đơn vị này; mã, loại đơn vị và ngành dọc do cấp trên quyết định.')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Mã đơn vị')).toBeDisabled();
    const name = within(dialog).getByLabelText('Tên đơn vị');
    await user.clear(name);
    await user.type(name, 'Văn phòng Trung ương mới');
    await user.click(within(dialog).getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(api.PATCH).toHaveBeenCalled());
    expect(api.PATCH).toHaveBeenCalledWith('/api/v1/agencies/{id}', {
      params: { path: { id: 'ROOT' }, header: { 'If-Match': '"1"' } },
      body: { name: 'Văn phòng Trung ương mới' },
    });
  }, 30_000);

  it('sends the sector line on edit only when it changed: null when the user clears it', async () => {
    serve({ HN: { edit: true, edit_identity: true } });
    const base = api.GET.getMockImplementation() as (path: string, opts?: Opts) => Promise<ReturnType<typeof reply>>;
    const BGDDT = { id: 'BGDDT', code: 'BGDDT', name: 'Bộ Giáo dục và Đào tạo', kind: 'ministry' };
    api.GET.mockImplementation(async (path: string, opts: Opts = {}) => {
      if (path === '/api/v1/sector-heads') return reply(200, { items: [BGDDT], total: 1, limit: 50, offset: 0 });
      const answer = await base(path, opts);
      // HN is in the Ministry of Education's line.
      return path === '/api/v1/agencies/{id}' && opts.params?.path?.id === 'HN' ? { ...answer, data: { ...(answer.data as Agency), sector_ministry_id: 'BGDDT' } } : answer;
    });
    api.PATCH.mockResolvedValue(reply(200, asAgency(withActions(findNode(TODAY, 'HN') as AgencyTreeNode, () => ({ ...NONE, edit: true, edit_identity: true })), 1), { ETag: '"2"' }));
    renderPage();
    const user = userEvent.setup();
    await user.click(await agencyNode('HN'));
    await details('HN — Thành phố Hà Nội');
    await user.click(button('Sửa') as HTMLElement);
    const dialog = await screen.findByRole('dialog', undefined, WAIT);
    const sector = within(dialog).getByLabelText('Ngành dọc (bộ/sở quản lý chuyên ngành)').closest('.ant-form-item') as HTMLElement;
    await within(sector).findByText('Bộ Giáo dục và Đào tạo', undefined, WAIT);
    fireEvent.mouseDown(sector.querySelector('.ant-select-clear') as HTMLElement);
    await user.click(within(dialog).getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(api.PATCH).toHaveBeenCalled());
    expect(api.PATCH).toHaveBeenCalledWith('/api/v1/agencies/{id}', {
      params: { path: { id: 'HN' }, header: { 'If-Match': '"1"' } },
      body: { code: 'HN', name: 'Thành phố Hà Nội', kind: 'province', sector_ministry_id: null },
    });
  }, 30_000);

  it('deletes an agency whose actions allow it, with its ETag, and then shows its parent', async () => {
    serve({ HN: { delete: true } });
    api.DELETE.mockResolvedValue(reply(204, undefined));
    renderPage();
    const user = userEvent.setup();
    await user.click(await agencyNode('HN'));
    await details('HN — Thành phố Hà Nội');
    expect(offered()).toEqual(['Xóa đơn vị']);
    await user.click(button('Xóa đơn vị') as HTMLElement);
    const dialog = await screen.findByRole('dialog', undefined, WAIT);
    expect(within(dialog).getByText('Xóa HN — Thành phố Hà Nội')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Xác nhận xóa' }));
    await waitFor(() => expect(api.DELETE).toHaveBeenCalledWith('/api/v1/agencies/{id}', { params: { path: { id: 'HN' }, header: { 'If-Match': '"1"' } } }));
    await details('ROOT — Văn phòng Trung ương');
  }, 30_000);

  it('with a date shows that day\'s tree read-only under a banner, asking the API with as_of', async () => {
    serve({ ROOT: ALL, HG: { ...ALL, undo_merge: true } });
    renderPage('/admin/agencies?as_of=2026-09-30');
    expect(await screen.findByTestId('as-of-banner', undefined, WAIT)).toHaveTextContent('Cơ cấu đơn vị như vào cuối ngày 30/09/2026');
    const hg = await agencyNode('HG');
    expect(hg).toHaveAttribute('data-parent-code', 'ROOT');
    expect(hg).toHaveAttribute('data-status', 'active');
    expect(api.GET).toHaveBeenCalledWith('/api/v1/agencies/{id}/tree', expect.objectContaining({ params: { path: { id: 'ROOT' }, query: { as_of: '2026-09-30' } } }));
    await userEvent.setup().click(hg);
    await details('HG — Tỉnh Hà Giang');
    expect(api.GET).toHaveBeenCalledWith('/api/v1/agencies/{id}', expect.objectContaining({ params: { path: { id: 'HG' }, query: { as_of: '2026-09-30' } } }));
    expect(offered()).toEqual([]); // the server sends no actions for a past day
    await userEvent.setup().click(screen.getByRole('button', { name: 'Về hôm nay' }));
    expect(screen.queryByTestId('as-of-banner')).toBeNull();
    expect(await agencyNode('TQ')).toHaveAttribute('data-parent-code', 'ROOT');
    await details('HG — Tỉnh Hà Giang');
    expect(await screen.findByRole('button', { name: named('Hoàn tác hợp nhất') }, WAIT)).toBeInTheDocument();
  }, 30_000);

  it('shows an empty state, not an error, for a date before the root existed', async () => {
    serve({ ROOT: ALL }, { rootFrom: '2020-01-01' });
    renderPage('/admin/agencies?as_of=1999-12-31');
    expect(await screen.findAllByText('Đơn vị chưa tồn tại vào ngày 31/12/1999', undefined, WAIT)).not.toHaveLength(0);
    expect(screen.getByTestId('as-of-banner')).toBeInTheDocument();
    expect(screen.queryByText('Không tải được dữ liệu')).toBeNull();
  }, 30_000);

  it('lists a split agency\'s successors with their shares and a successor\'s predecessors with kind and share, and the established day', async () => {
    serve({ HN: { merge: true } });
    const step = (agency_id: string, name: string, kind: 'merge' | 'split', share: number) => ({
      agency_id, code: agency_id, name, kind, share, generation: 1, effective_on: '2025-07-01', recorded_at: '2026-01-01T00:00:00Z',
    });
    lineages = {
      HN: { agency_id: 'HN', predecessors: [step('HG-NT', 'Phường Nguyễn Trãi', 'split', 0.6), step('HG-X', 'Phường Cũ', 'merge', 1)], successors: [] },
      TQ: { agency_id: 'TQ', predecessors: [], successors: [step('HG-1', 'Phường Hà Giang 1', 'split', 0.6), step('HG-2', 'Phường Hà Giang 2', 'split', 0.4)] },
    };
    renderPage();
    await userEvent.setup().click(await agencyNode('HN'));
    const card = await details('HN — Thành phố Hà Nội');
    expect(await within(card).findByText('Chia tách từ HG-NT — Phường Nguyễn Trãi (60 %)', undefined, WAIT)).toBeInTheDocument();
    expect(within(card).getByText('Hợp nhất từ HG-X — Phường Cũ')).toBeInTheDocument();
    expect(within(card).getAllByText('· hiệu lực 01/07/2025')).toHaveLength(2);
    expect(within(card).getByText('01/01/2026', { selector: '.agency-established-on' })).toBeInTheDocument();
    await userEvent.setup().click(await agencyNode('TQ'));
    const tq = await details('TQ — Tỉnh Tuyên Quang');
    expect(await within(tq).findByText('HG-1 — Phường Hà Giang 1 (60 %)', undefined, WAIT)).toBeInTheDocument();
    expect(within(tq).getByText('HG-2 — Phường Hà Giang 2 (40 %)')).toBeInTheDocument();
    expect(within(tq).getByText('Chia tách cho')).toBeInTheDocument();
  }, 30_000);
});
