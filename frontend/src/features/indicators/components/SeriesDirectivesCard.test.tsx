import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import dayjs from 'dayjs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Directive, DirectivePage, Indicator, Series } from '../../../api/models';
import { SeriesDirectivesCard } from './SeriesDirectivesCard';

const api = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn() }));
vi.mock('../../../lib/api-client', () => ({ apiClient: api, authClient: api }));

const reply = (status: number, body: unknown) => ({
  data: status < 400 ? body : undefined,
  error: status < 400 ? undefined : body,
  response: { ok: status < 400, status, headers: new Headers() } as Response,
});

const INDICATOR: Indicator = {
  id: 'I1',
  code: 'COMMUNE_ONLINE',
  name: 'Tỷ lệ hồ sơ giải quyết trực tuyến cấp xã',
  description: '',
  group: 'output',
  unit: '%',
  value_type: 'percent',
  direction: 'increase',
  aggregation: 'average',
  frequency: 'quarterly',
  owner_agency_id: 'ROOT',
  owner_agency_name: 'Trung ương',
  reporting_agency_ids: [],
  reporting_agency_kind: 'commune',
  drives_task_progress: false,
  definition: '',
  data_source: '',
  method: '',
  verification: '',
  locked: false,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  actions: { edit: false, set_targets: false, write_agency_ids: [] },
};

const names: Record<string, string> = { HN: 'Thành phố Hà Nội', BD: 'Phường Ba Đình', SS: 'Xã Sóc Sơn' };
const nameOf = (id: string) => names[id];

const directive = (over: Partial<Directive>): Directive => ({
  id: 'd1',
  indicator_id: 'I1',
  agency_id: 'BD',
  task_id: null,
  directed_agency_id: 'BD',
  directed_agency_name: 'Phường Ba Đình',
  issuing_agency_id: 'HN',
  issuing_agency_name: 'Thành phố Hà Nội',
  issued_by: 'u1',
  issued_by_name: 'Hoàng Văn Nam',
  text: 'Rà soát số liệu quý',
  due_date: null,
  status: 'open',
  created_at: '2026-11-20T02:30:00Z',
  actions: { answer: false, close: false },
  ...over,
});

const series = (agencyId: string, issue: boolean): Series => ({
  indicator_id: 'I1',
  agency_id: agencyId,
  aggregation: 'average',
  direction: 'increase',
  map: 'recorded',
  points: [],
  // In these tests HN is the province (a roll-up of its communes); BD and SS are communes.
  single: agencyId !== 'HN',
  actions: { issue_directive: issue },
});

const page = (items: Directive[]): DirectivePage => ({ items, total: items.length, limit: 50, offset: 0 });

/** Serves the series (with its `actions`) and the directives; records each directives query. */
function serve(issue: boolean, directives: Directive[]) {
  api.GET.mockImplementation((path: string, init: { params: { query?: { agency_id?: string } } }) => {
    const agency = init.params.query?.agency_id;
    if (path === '/api/v1/indicators/{id}/series') return Promise.resolve(reply(200, series(agency ?? 'HN', issue)));
    if (path === '/api/v1/indicators/{id}/directives') return Promise.resolve(reply(200, page(directives.filter((d) => !agency || d.agency_id === agency))));
    return Promise.resolve(reply(404, { type: 'about:blank', title: 'Not Found', status: 404, detail: 'nope', code: 'not_found', request_id: 'r' }));
  });
}

const directivesQueries = () =>
  api.GET.mock.calls.filter(([path]) => path === '/api/v1/indicators/{id}/directives').map(([, init]) => (init as { params: { query?: { agency_id?: string } } }).params.query?.agency_id ?? null);

function renderCard(agencyId: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <App>
        <SeriesDirectivesCard indicator={INDICATOR} agencyId={agencyId} nameOf={nameOf} />
      </App>
    </QueryClientProvider>,
  );
}

const WAIT = { timeout: 10_000 };
const item = (id: string) => document.querySelector<HTMLElement>(`.directive-item[data-id="${id}"]`)!;
const day = (offset: number) => dayjs().add(offset, 'day').format('YYYY-MM-DD');
const vn = (date: string) => dayjs(date).format('DD/MM/YYYY');

beforeEach(() => {
  api.GET.mockReset();
  api.POST.mockReset();
});

describe('SeriesDirectivesCard', () => {
  it('offers the issue form on the chosen series only when its actions.issue_directive, and each directive\'s buttons as its actions say', async () => {
    serve(true, [
      directive({ id: 'answered', status: 'answered', answer: 'Đã nhập bổ sung', actions: { answer: false, close: true } }),
      directive({ id: 'open' }),
    ]);
    renderCard('BD');
    await screen.findByText('Rà soát số liệu quý', { selector: '.directive-item[data-id="open"] *' }, WAIT);
    expect(directivesQueries()).toEqual(['BD']);
    expect(screen.getByText('Chỉ đạo về chuỗi số liệu của Phường Ba Đình.')).toBeInTheDocument();
    expect(await screen.findByText('Ban hành chỉ đạo', undefined, WAIT)).toBeInTheDocument();
    expect(screen.getByText('Chỉ đạo gửi tới Phường Ba Đình, đơn vị báo cáo chuỗi số liệu này.')).toBeInTheDocument();
    expect(screen.getByLabelText('Nội dung chỉ đạo')).toBeInTheDocument();

    expect(within(item('open')).queryByRole('button')).not.toBeInTheDocument();
    expect(within(item('open')).getByText('Phường Ba Đình chưa trả lời.')).toBeInTheDocument();
    expect(within(item('answered')).getByText('Trả lời của Phường Ba Đình')).toBeInTheDocument();
    expect(within(item('answered')).getByRole('button', { name: 'Kết thúc chỉ đạo' })).toBeInTheDocument();
    expect(within(item('answered')).queryByRole('button', { name: /Trả lời|Sửa câu trả lời/ })).not.toBeInTheDocument();
    // One series: no item repeats which series it is about.
    expect(document.querySelector('.directive-series')).toBeNull();
  }, 30_000);

  it('shows no form without actions.issue_directive, and "Trả lời" where the directive allows it', async () => {
    serve(false, [directive({ id: 'mine', actions: { answer: true, close: false } })]);
    renderCard('BD');
    await waitFor(() => expect(item('mine')).not.toBeNull(), WAIT);
    expect(within(item('mine')).getByRole('button', { name: 'Trả lời' })).toBeInTheDocument();
    expect(within(item('mine')).queryByRole('button', { name: 'Kết thúc chỉ đạo' })).not.toBeInTheDocument();
    await waitFor(() => expect(api.GET.mock.calls.some(([path]) => path === '/api/v1/indicators/{id}/series')).toBe(true));
    expect(screen.queryByText('Ban hành chỉ đạo')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Nội dung chỉ đạo')).not.toBeInTheDocument();
  }, 30_000);

  it('without a single series lists the directives of every series, each naming its series, and offers no form', async () => {
    serve(false, [directive({ id: 'bd' }), directive({ id: 'ss', agency_id: 'SS', directed_agency_id: 'SS', directed_agency_name: 'Xã Sóc Sơn' })]);
    renderCard('HN');
    await waitFor(() => expect(item('ss')).not.toBeNull(), WAIT);
    expect(directivesQueries()).toEqual([null]);
    expect(within(item('bd')).getByText('Chuỗi số liệu: Phường Ba Đình')).toBeInTheDocument();
    expect(within(item('ss')).getByText('Chuỗi số liệu: Xã Sóc Sơn')).toBeInTheDocument();
    expect(screen.getByText(/^Chỉ đạo về mọi chuỗi số liệu của chỉ tiêu/)).toBeInTheDocument();
    expect(screen.queryByLabelText('Nội dung chỉ đạo')).not.toBeInTheDocument();
  }, 30_000);

  it('sends the directive for the chosen series as typed and puts the server\'s refusal next to the field', async () => {
    serve(true, []);
    api.POST.mockResolvedValueOnce(
      reply(422, {
        type: 'about:blank',
        title: 'Unprocessable',
        status: 422,
        detail: 'validation failed',
        code: 'validation_failed',
        request_id: 'r',
        errors: [{ field: 'due_date', code: 'invalid', message: 'must not be in the past' }],
      }),
    );
    renderCard('BD');
    await screen.findByText('Chưa có chỉ đạo nào đối với chuỗi số liệu này', undefined, WAIT);
    const text = await screen.findByLabelText('Nội dung chỉ đạo', undefined, WAIT);
    fireEvent.change(text, { target: { value: 'Nhập bổ sung số liệu  ' } });
    const user = userEvent.setup();
    const picker = screen.getByLabelText('Hạn trả lời');
    await user.click(picker);
    await user.type(picker, `${vn(day(5))}{Enter}`);
    await waitFor(() =>
      expect(api.POST).toHaveBeenCalledWith('/api/v1/indicators/{id}/directives', {
        params: { path: { id: 'I1' } },
        body: { agency_id: 'BD', text: 'Nhập bổ sung số liệu  ', due_date: day(5) },
      }),
    );
    expect(await screen.findByText('Hạn trả lời không hợp lệ.')).toBeInTheDocument();
    expect(screen.getByLabelText('Nội dung chỉ đạo')).toHaveValue('Nhập bổ sung số liệu  ');
    expect(screen.queryByText(/must not be/)).not.toBeInTheDocument();
  }, 30_000);
});

