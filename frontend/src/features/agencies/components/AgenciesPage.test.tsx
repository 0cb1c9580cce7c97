import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Agency, AgencyTreeNode } from '../../../api/models';
import { AgenciesPage } from './AgenciesPage';

// The page talks to the API only through the typed client; this stands in for the server.
const api = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn(), PATCH: vi.fn() }));
vi.mock('../../../lib/api-client', () => ({ apiClient: api, authClient: api }));

type Opts = { params?: { path?: { id?: string }; query?: { as_of?: string } } };
const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  data: status < 400 ? body : undefined,
  error: status < 400 ? undefined : body,
  response: { ok: status < 400, status, headers: new Headers(headers) } as Response,
});
const notFound = reply(404, { type: 'urn:restrack:problem:not_found', title: 'Not Found', status: 404, detail: 'agency not found', code: 'not_found', request_id: 'r' });

const node = (id: string, name: string, parent: string | null, status: Agency['status'], children: AgencyTreeNode[] = []): AgencyTreeNode => ({
  id,
  code: id,
  name,
  kind: 'province',
  parent_id: parent,
  status,
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

const asAgency = (n: AgencyTreeNode, depth: number): Agency => ({
  id: n.id,
  code: n.code,
  name: n.name,
  kind: n.kind,
  parent_id: n.parent_id ?? null,
  depth,
  status: n.status,
  merged_into_id: n.status === 'merged' ? n.parent_id ?? null : null,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
});

function serve(roles: string[], { rootFrom }: { rootFrom?: string } = {}) {
  api.GET.mockImplementation((path: string, opts: Opts = {}) => {
    const id = opts.params?.path?.id ?? '';
    const asOf = opts.params?.query?.as_of;
    if (path === '/api/v1/me') return Promise.resolve(reply(200, { id: 'u', username: 'admin', agency_id: 'ROOT', roles, agency: asAgency(TODAY, 0) }));
    if (asOf && rootFrom && asOf < rootFrom) return Promise.resolve(notFound);
    const tree = asOf && asOf < '2026-10-01' ? BEFORE : TODAY;
    const found = findNode(tree, id);
    if (!found) return Promise.resolve(notFound);
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
  api.GET.mockReset();
  api.POST.mockReset();
});

describe('AgenciesPage', () => {
  it('offers an admin "Giải thể" for an active province and "Hoàn tác hợp nhất" for a merged one, not for the root', async () => {
    serve(['admin']);
    renderPage();
    await details('ROOT — Văn phòng Trung ương');
    expect(button('Giải thể')).toBeNull();
    expect(button('Sửa')).not.toBeNull();
    await userEvent.setup().click(await agencyNode('HN'));
    await details('HN — Thành phố Hà Nội');
    expect(button('Giải thể')).not.toBeNull();
    expect(button('Hợp nhất')).not.toBeNull();
    expect(button('Hoàn tác hợp nhất')).toBeNull();
    await expandCollapsed();
    await userEvent.setup().click(await agencyNode('HG'));
    const card = await details('HG — Tỉnh Hà Giang');
    expect(within(card).getByText('Đã sáp nhập')).toBeInTheDocument();
    expect(button('Hoàn tác hợp nhất')).not.toBeNull();
    expect(button('Giải thể')).toBeNull();
  }, 30_000);

  it('does not offer an agency admin undoing a merge', async () => {
    serve(['agency_admin']);
    renderPage();
    await details('ROOT — Văn phòng Trung ương');
    await expandCollapsed();
    await userEvent.setup().click(await agencyNode('HG'));
    await details('HG — Tỉnh Hà Giang');
    expect(button('Hoàn tác hợp nhất')).toBeNull();
  }, 30_000);

  it('with a date shows that day\'s tree read-only under a banner, asking the API with as_of', async () => {
    serve(['admin']);
    renderPage('/admin/agencies?as_of=2026-09-30');
    expect(await screen.findByTestId('as-of-banner', undefined, WAIT)).toHaveTextContent('Cơ cấu đơn vị như vào cuối ngày 30/09/2026');
    const hg = await agencyNode('HG');
    expect(hg).toHaveAttribute('data-parent-code', 'ROOT');
    expect(hg).toHaveAttribute('data-status', 'active');
    expect(api.GET).toHaveBeenCalledWith('/api/v1/agencies/{id}/tree', expect.objectContaining({ params: { path: { id: 'ROOT' }, query: { as_of: '2026-09-30' } } }));
    await userEvent.setup().click(hg);
    await details('HG — Tỉnh Hà Giang');
    expect(api.GET).toHaveBeenCalledWith('/api/v1/agencies/{id}', expect.objectContaining({ params: { path: { id: 'HG' }, query: { as_of: '2026-09-30' } } }));
    for (const name of ['Sửa', 'Thêm đơn vị trực thuộc', 'Hợp nhất', 'Giải thể', 'Hoàn tác hợp nhất']) expect(button(name)).toBeNull();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Về hôm nay' }));
    expect(screen.queryByTestId('as-of-banner')).toBeNull();
    expect(await agencyNode('TQ')).toHaveAttribute('data-parent-code', 'ROOT');
    await details('HG — Tỉnh Hà Giang');
    expect(await screen.findByRole('button', { name: named('Hoàn tác hợp nhất') }, WAIT)).toBeInTheDocument();
  }, 30_000);

  it('shows an empty state, not an error, for a date before the root existed', async () => {
    serve(['admin'], { rootFrom: '2020-01-01' });
    renderPage('/admin/agencies?as_of=1999-12-31');
    expect(await screen.findAllByText('Đơn vị chưa tồn tại vào ngày 31/12/1999', undefined, WAIT)).not.toHaveLength(0);
    expect(screen.getByTestId('as-of-banner')).toBeInTheDocument();
    expect(screen.queryByText('Không tải được dữ liệu')).toBeNull();
  }, 30_000);
});
