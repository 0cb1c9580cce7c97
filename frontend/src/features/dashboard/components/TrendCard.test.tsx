import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { useState } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TrendPoint } from '../../../api/models';
import type { SeriesMap } from '../../../lib/series-map';
import { TrendCard } from './TrendCard';

const api = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn() }));
vi.mock('../../../lib/api-client', () => ({ apiClient: api, authClient: api }));
// The chart itself (ECharts on a canvas) is tested through its option in overview-data.test.ts.
vi.mock('../../../components/EChart', () => ({ EChart: ({ label }: { label: string }) => <div className="echart" aria-label={label} /> }));

const reply = (status: number, body: unknown) => ({
  data: status < 400 ? body : undefined,
  error: status < 400 ? undefined : body,
  response: { ok: status < 400, status, headers: new Headers() } as Response,
});

const quarter = (period: string, kpi: number | null, restated: boolean): TrendPoint => ({ period, reported_progress: null, kpi_achievement_pct: kpi, restated });

/** Phường Hà Giang 2: on today's map Phường Nguyễn Trãi's figures from before the split count in 2025-Q1 and 2025-Q2. */
const trendOn = (map: SeriesMap): TrendPoint[] =>
  map === 'today'
    ? [quarter('2025-Q1', 80, true), quarter('2025-Q2', 85, true), quarter('2025-Q3', 90, false)]
    : [quarter('2025-Q1', null, false), quarter('2025-Q2', null, false), quarter('2025-Q3', 90, false)];

/** The page keeps the map in the address; here in state, the same way. */
function Harness({ initial, onMap }: { initial: SeriesMap; onMap: (m: SeriesMap) => void }) {
  const [map, setMap] = useState(initial);
  return (
    <TrendCard
      agencyId="HG2"
      resolutionId={undefined}
      enabled
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
const note = () => document.querySelector('.trend-restated-note');
const trendCall = (map: SeriesMap): [string, unknown] => ['/api/v1/dashboard/trend', expect.objectContaining({ params: { query: { agency_id: 'HG2', resolution_id: undefined, map } } })];

beforeEach(() => {
  api.GET.mockReset();
  api.GET.mockImplementation((_path: string, opts: { params: { query: { map: SeriesMap } } }) => Promise.resolve(reply(200, trendOn(opts.params.query.map))));
});

describe('TrendCard map switch', () => {
  it('as recorded: asks for map=recorded and notes nothing', async () => {
    renderCard('recorded');
    await waitFor(() => expect(document.querySelector('.trend-card .echart')).not.toBeNull(), WAIT);
    expect(api.GET).toHaveBeenCalledWith(...trendCall('recorded'));
    expect(note()).toBeNull();
    expect(document.querySelector('.series-map-switch .ant-segmented-item-selected')?.textContent).toBe('Như đã báo cáo');
  }, 30_000);

  it('switching to "Bản đồ hiện nay" asks for map=today and names the restated quarters under the chart, and back', async () => {
    const onMap = renderCard('recorded');
    await waitFor(() => expect(document.querySelector('.trend-card .echart')).not.toBeNull(), WAIT);
    await userEvent.setup().click(screen.getByText('Bản đồ hiện nay'));
    expect(onMap).toHaveBeenCalledWith('today');
    await waitFor(() => expect(note()?.getAttribute('data-periods')).toBe('2025-Q1 2025-Q2'), WAIT);
    expect(api.GET).toHaveBeenLastCalledWith(...trendCall('today'));
    expect(note()?.textContent).toContain('Số liệu trước khi chia tách được quy đổi từ đơn vị cũ');
    expect(note()?.textContent).toContain('(Quý 1/2025, Quý 2/2025)');
    await userEvent.setup().click(screen.getByText('Như đã báo cáo'));
    expect(onMap).toHaveBeenLastCalledWith('recorded');
    await waitFor(() => expect(note()).toBeNull(), WAIT);
  }, 30_000);

  it('a trend without any figure is empty on today\'s map too, with no note', async () => {
    api.GET.mockImplementation(() => Promise.resolve(reply(200, [quarter('2025-Q1', null, true), quarter('2025-Q2', null, true)])));
    renderCard('today');
    await screen.findByText('Chưa có số liệu báo cáo trong 8 quý gần nhất', undefined, WAIT);
    expect(api.GET).toHaveBeenCalledWith(...trendCall('today'));
    expect(note()).toBeNull();
  }, 30_000);
});
