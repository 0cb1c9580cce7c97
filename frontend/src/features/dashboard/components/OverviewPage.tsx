import { DownloadOutlined, FileTextOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Col, Empty, Flex, Progress, Row, Select, Skeleton, TreeSelect, Typography } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { ChartOption } from '../../../components/EChart';
import { ErrorState, LoadingState } from '../../../components/PageState';
import { agencyTreeOptions, indexAgencyTree, useAgencyTree } from '../../../lib/agency-tree';
import { useCurrentUser } from '../../../lib/current-user';
import { describeError } from '../../../lib/describe-error';
import { fetchReportFile, saveFile } from '../../../lib/report-files';
import { formatNumber, formatPercent } from '../../../lib/format';
import { useUpdateSearch } from '../../../lib/search-params';
import { useI18n } from '../../../lib/i18n/i18n';
import { parseSeriesMap, type SeriesMap } from '../../../lib/series-map';
import { useDashboardResolutions, useScorecard, useSummary } from '../api/dashboard';
import { EvaluationCard } from './EvaluationCard';
import { periodFromSearch, periodQuery, periodRange, periodToSearch, type DateRange, type EvaluationPeriod } from './evaluation-data';
import { HeatMapCard } from './HeatMapCard';
import { healthBars, summaryTiles, tasksUrl, type Scope, type Tile } from './overview-data';
import { RankingCard } from './RankingCard';
import { ResolutionBarsCard } from './ResolutionBarsCard';
import { TrendCard } from './TrendCard';

// ECharts is large: it loads with the first chart, not with the app.
const EChart = lazy(() => import('../../../components/EChart').then((m) => ({ default: m.EChart })));

export function OverviewPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const me = useCurrentUser();
  const [params] = useSearchParams();
  const updateSearch = useUpdateSearch();
  const agencyId = params.get('agency_id') ?? me.data?.agency_id;
  const resolutionId = params.get('resolution_id') ?? undefined;
  const scope: Scope = useMemo(() => ({ agencyId, resolutionId }), [agencyId, resolutionId]);
  const tree = useAgencyTree(me.data?.agency_id);
  const agencyIndex = useMemo(() => indexAgencyTree(tree.data), [tree.data]);
  const agencyOptions = useMemo(() => (tree.data ? [agencyTreeOptions(tree.data, true)] : []), [tree.data]);
  const resolutions = useDashboardResolutions();
  const ready = Boolean(agencyId);
  const query = { agency_id: agencyId, resolution_id: resolutionId };
  const summary = useSummary(query, ready);
  // The evaluated period (this year unless chosen): this year is the server's default, so the
  // evaluation then shares the summary's request; another period asks for its own.
  const period = useMemo(() => periodFromSearch(params), [params]);
  const range = periodQuery(period, new Date());
  const evaluated = useSummary({ ...query, ...range }, ready);
  // The trend's map (`?map=today`; as recorded, the server's default, without the parameter).
  const trendMap = parseSeriesMap(params.get('map'));
  const scorecard = useScorecard({ parent_id: agencyId, resolution_id: resolutionId, ...range }, ready);
  // The period the ranking's evaluation counts: the one the server evaluated for the same query
  // (this year is its own calendar's), or the chosen period's days until that answer comes.
  const evaluatedRange: DateRange | undefined = evaluated.data
    ? { from: evaluated.data.evaluation.from, to: evaluated.data.evaluation.to }
    : periodRange(period, new Date());
  const [downloading, setDownloading] = useState(false);

  const setScope = (patch: { agency_id?: string; resolution_id?: string; period?: string; from?: string; to?: string; map?: string }) => {
    updateSearch((next) => {
      for (const [key, value] of Object.entries(patch)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      return next;
    });
  };

  const setPeriod = (next: EvaluationPeriod) => setScope(periodToSearch(next));
  const setTrendMap = (map: SeriesMap) => setScope({ map: map === 'recorded' ? undefined : map });

  // The report of this scope: the reports page (every format, any period) opens with it; the CSV of
  // this year comes through the same download code as there.
  const openReports = () => {
    const scopeParams = new URLSearchParams();
    if (params.get('agency_id') && agencyId) scopeParams.set('agency_id', agencyId);
    if (resolutionId) scopeParams.set('resolution_id', resolutionId);
    const search = scopeParams.toString();
    void navigate(search ? `/reports?${search}` : '/reports');
  };
  const downloadCsv = async () => {
    setDownloading(true);
    try {
      saveFile(await fetchReportFile({ agency_id: agencyId, resolution_id: resolutionId, format: 'csv' }));
    } catch (error) {
      void message.error(describeError(error, t));
    } finally {
      setDownloading(false);
    }
  };

  const tiles = summary.data ? summaryTiles(summary.data, scope) : [];
  const health = useMemo(() => (summary.data ? healthBars(summary.data) : []), [summary.data]);
  const healthOption = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: health.map((h) => t(`health.${h.health}`)), axisLabel: { interval: 0, width: 76, overflow: 'break', lineHeight: 14 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('overview.tasks'),
          data: health.map((h) => ({ value: h.count, itemStyle: { color: h.color } })),
          label: { show: true, position: 'top' },
          cursor: 'pointer',
        },
      ],
    }),
    [health, t],
  );
  if (me.isPending) return <LoadingState />;
  const scopeName = agencyId ? agencyIndex.get(agencyId)?.name : undefined;

  return (
    <div className="page overview-page">
      <Flex justify="space-between" align="center" wrap gap={8} className="page-header">
        <div>
          <Typography.Title level={1} className="page-title" style={{ margin: 0 }}>
            {t('overview.title')}
          </Typography.Title>
          {scopeName && <Typography.Text type="secondary">{scopeName}</Typography.Text>}
        </div>
        <Flex gap={8} wrap>
          <Button type="primary" icon={<FileTextOutlined />} onClick={openReports}>
            {t('overview.report')}
          </Button>
          <Button icon={<DownloadOutlined />} loading={downloading} disabled={!ready} onClick={() => void downloadCsv()}>
            {t('overview.csv')}
          </Button>
        </Flex>
      </Flex>
      <Card size="small" className="overview-scope">
        <Flex gap={12} wrap align="center">
          <label className="inline-field">
            <span>{t('overview.scopeAgency')}</span>
            <TreeSelect
              showSearch
              treeNodeFilterProp="title"
              aria-label={t('overview.scopeAgency')}
              treeData={agencyOptions}
              treeDefaultExpandedKeys={me.data ? [me.data.agency_id] : []}
              value={tree.data ? agencyId : undefined}
              loading={tree.isPending}
              onChange={(v: string) => setScope({ agency_id: v === me.data?.agency_id ? undefined : v })}
              popupMatchSelectWidth={false}
              style={{ width: 300, maxWidth: '100%' }}
            />
          </label>
          <label className="inline-field">
            <span>{t('overview.scopeResolution')}</span>
            <Select<string>
              allowClear
              showSearch
              optionFilterProp="label"
              aria-label={t('overview.scopeResolution')}
              placeholder={t('overview.allResolutions')}
              value={resolutionId}
              loading={resolutions.isPending}
              onChange={(v) => setScope({ resolution_id: v })}
              options={(resolutions.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.code} — ${r.title}` }))}
              popupMatchSelectWidth={false}
              style={{ width: 300, maxWidth: '100%' }}
            />
          </label>
        </Flex>
      </Card>

      {summary.isError ? (
        <Card>
          <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />
        </Card>
      ) : (
        <div className="tiles" data-testid="overview-tiles">
          {summary.isPending
            ? Array.from({ length: 9 }, (_, i) => (
                <Card key={i} size="small" className="tile">
                  <Skeleton active paragraph={false} title={{ width: '60%' }} />
                  <Skeleton.Input active size="small" />
                </Card>
              ))
            : tiles.map((tile) => <TileCard key={tile.key} tile={tile} />)}
        </div>
      )}

      <Row gutter={[16, 16]}>
        <Col xs={24}>
          <EvaluationCard
            summary={evaluated.data}
            pending={evaluated.isPending}
            error={evaluated.isError ? evaluated.error : undefined}
            onRetry={() => void evaluated.refetch()}
            period={period}
            onPeriodChange={setPeriod}
            scope={scope}
          />
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('overview.health')} size="small" className="chart-card">
            {summary.isPending ? (
              <Skeleton active />
            ) : health.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('overview.noTasks')} />
            ) : (
              <Suspense fallback={<Skeleton active />}>
                <EChart
                option={healthOption}
                label={t('overview.health')}
                height={260}
                onItemClick={({ dataIndex }) => {
                  const bar = health[dataIndex];
                  if (bar) void navigate(tasksUrl(scope, { health: bar.health }));
                }}
              />
              </Suspense>
            )}
            <Typography.Text type="secondary" className="chart-hint">{t('overview.clickHint')}</Typography.Text>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <ResolutionBarsCard resolutionId={resolutionId} />
        </Col>
        <Col xs={24}>
          <TrendCard agencyId={agencyId} resolutionId={resolutionId} enabled={ready} map={trendMap} onMapChange={setTrendMap} />
        </Col>
        <Col xs={24}>
          <HeatMapCard agencyId={agencyId} resolutionId={resolutionId} enabled={ready} onAgencyClick={(id) => setScope({ agency_id: id })} />
        </Col>
        <Col xs={24}>
          <RankingCard scorecard={scorecard} resolutionId={resolutionId} evaluatedRange={evaluatedRange} onAgencyClick={(id) => setScope({ agency_id: id })} />
        </Col>
      </Row>
    </div>
  );
}

function TileCard({ tile }: { tile: Tile }) {
  const { t, language } = useI18n();
  const value = tile.value === null ? t('common.none') : tile.percent ? formatPercent(tile.value, language) : formatNumber(tile.value, language);
  const body = (
    <>
      <Typography.Text type="secondary" className="tile-label">
        {t(`overview.tile.${tile.key}`)}
      </Typography.Text>
      <div className={`tile-value tone-${tile.tone}`}>{value}</div>
      {tile.of !== undefined && (
        <Typography.Text type="secondary" className="tile-sub">
          {t('overview.of', { count: formatNumber(tile.of, language) })}
        </Typography.Text>
      )}
      {/* The bar repeats the figure written above it: hidden from assistive technology. */}
      {tile.percent && tile.value !== null && (
        <div aria-hidden="true">
          <Progress percent={tile.value} showInfo={false} size="small" strokeColor={tile.tone === 'bad' ? '#f5222d' : tile.tone === 'warn' ? '#faad14' : tile.tone === 'good' ? '#52c41a' : '#a31d1d'} />
        </div>
      )}
    </>
  );
  return tile.href ? (
    <Link to={tile.href} className="tile tile-link" data-testid={`tile-${tile.key}`}>
      {body}
    </Link>
  ) : (
    <div className="tile" data-testid={`tile-${tile.key}`}>
      {body}
    </div>
  );
}
