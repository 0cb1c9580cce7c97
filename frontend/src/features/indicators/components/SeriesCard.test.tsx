import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { useState } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Indicator, Series, SeriesPoint } from '../../../api/models';
import { SeriesCard } from './SeriesCard';
import { parseSeriesMap, type SeriesMap } from '../../../lib/series-map';

const api = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn() }));
vi.mock('../../../lib/api-client', () => ({ apiClient: api, authClient: api }));
// The chart itself (ECharts on a canvas) is tested through its option in lib/series-chart.test.ts.
vi.mock('../../../components/SeriesChart', () => ({ SeriesChart: () => null }));

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

const point = (period: string, value: number, restated: boolean): SeriesPoint => ({
  period, value, target: null, achievement_pct: null, completeness_pct: 100, reported: 1, expected: 1, components: [], restated,
});

/** Phường Hà Giang 2: on today's map its 2024-Q3…2025-Q2 figures come from Phường Nguyễn Trãi (split 0.6/0.4). */
const seriesOn = (map: SeriesMap): Series => ({
  indicator_id: 'I1',
  agency_id: 'HG2',
  aggregation: 'average',
  direction: 'increase',
  map,
  single: true,
  points:
    map === 'today'
      ? [point('2025-Q1', 61, true), point('2025-Q2', 64, true), point('2025-Q3', 70, false)]
      : [point('2025-Q3', 70, false)],
  actions: { issue_directive: false },
});

/** The page keeps the map in the address; here in state, the same way. */
function Harness({ initial, onMap }: { initial: SeriesMap; onMap: (m: SeriesMap) => void }) {
  const [map, setMap] = useState(initial);
  return (
    <SeriesCard
      indicator={INDICATOR}
      agencyId="HG2"
      onAgencyChange={vi.fn()}
      agencyOptions={[]}
      map={map}
      onMapChange={(m) => {
        onMap(m);
        setMap(m);
      }}
    />
  );
}

function renderCard(initial: SeriesMap, onMap = vi.fn()) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <App>
        <Harness initial={initial} onMap={onMap} />
      </App>
    </QueryClientProvider>,
  );
  return onMap;
}

const WAIT = { timeout: 10_000 };
const restatedRows = () => [...document.querySelectorAll('.series-table tr.series-restated')].map((r) => r.getAttribute('data-row-key'));

beforeEach(() => {
  api.GET.mockReset();
  api.GET.mockImplementation((_path: string, opts: { params: { query: { map: SeriesMap } } }) => Promise.resolve(reply(200, seriesOn(opts.params.query.map))));
});

describe('parseSeriesMap', () => {
  it('reads today, and anything else as recorded (the server\'s default)', () => {
    expect(parseSeriesMap('today')).toBe('today');
    expect(parseSeriesMap('recorded')).toBe('recorded');
    expect(parseSeriesMap(null)).toBe('recorded');
    expect(parseSeriesMap('TODAY')).toBe('recorded');
  });
});

describe('SeriesCard map switch', () => {
  it('as recorded: asks for map=recorded and marks nothing', async () => {
    renderCard('recorded');
    await screen.findByText('Quý 3/2025', undefined, WAIT);
    expect(api.GET).toHaveBeenCalledWith('/api/v1/indicators/{id}/series', expect.objectContaining({ params: { path: { id: 'I1' }, query: { agency_id: 'HG2', map: 'recorded' } } }));
    expect(restatedRows()).toEqual([]);
    expect(screen.queryByText('Số liệu quy đổi từ đơn vị cũ')).toBeNull();
  }, 30_000);

  it('switching to "Bản đồ hiện nay" asks for map=today and marks the restated periods, and back', async () => {
    const onMap = renderCard('recorded');
    await screen.findByText('Quý 3/2025', undefined, WAIT);
    await userEvent.setup().click(screen.getByText('Bản đồ hiện nay'));
    expect(onMap).toHaveBeenCalledWith('today');
    await waitFor(() => expect(restatedRows()).toEqual(['2025-Q2', '2025-Q1']), WAIT);
    expect(api.GET).toHaveBeenLastCalledWith('/api/v1/indicators/{id}/series', expect.objectContaining({ params: { path: { id: 'I1' }, query: { agency_id: 'HG2', map: 'today' } } }));
    expect(screen.getAllByText('Số liệu quy đổi từ đơn vị cũ', { selector: '.restated-tag' })).toHaveLength(2);
    expect(document.querySelector('.restated-note')).not.toBeNull();
    await userEvent.setup().click(screen.getByText('Như đã báo cáo'));
    expect(onMap).toHaveBeenLastCalledWith('recorded');
    await waitFor(() => expect(restatedRows()).toEqual([]), WAIT);
  }, 30_000);
});
