import { Alert, Card, Flex, Table, Tag, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import type { Indicator } from '../../../api/models';
import { EmptyState, ErrorState, LoadingState } from '../../../components/PageState';
import { SeriesChart } from '../../../components/SeriesChart';
import { SeriesMapSwitch } from '../../../components/SeriesMapSwitch';
import type { AgencyOption } from '../../../lib/agency-tree';
import { formatPercent, formatValue } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { useSeries } from '../../../lib/indicator-series';
import { describePeriod } from '../../../lib/periods';
import type { SeriesMap } from '../../../lib/series-map';
import { toChartData } from '../../../lib/series-chart';

interface Props {
  indicator: Indicator;
  agencyId: string | undefined;
  onAgencyChange: (id: string) => void;
  agencyOptions: AgencyOption[];
  /** Today's map (split predecessors' figures restated) or as recorded; kept in the address by the page. */
  map: SeriesMap;
  onMapChange: (map: SeriesMap) => void;
}

interface Row {
  period: string;
  value: number | null;
  target: number | null;
  achievement: number | null;
  completeness: number | null;
  reported: number;
  expected: number;
  components: (number | null)[];
  restated: boolean;
}

/** The approved figures rolled up over the chosen agency's subtree, against the targets, per period. */
export function SeriesCard({ indicator, agencyId, onAgencyChange, agencyOptions, map, onMapChange }: Props) {
  const { t, language } = useI18n();
  const series = useSeries(indicator.id, { agency_id: agencyId, map });
  const data = useMemo(() => toChartData(series.data?.points ?? []), [series.data]);
  const fmt = useMemo(
    () => (v: number | null) => formatValue(v, indicator.value_type, indicator.unit, language, t),
    [indicator.value_type, indicator.unit, language, t],
  );
  const pct = useMemo(() => (v: number | null) => (v === null ? '—' : formatPercent(v, language)), [language]);
  const rows: Row[] = (series.data?.points ?? [])
    .map((p) => ({
      period: p.period,
      value: p.value ?? null,
      target: p.target ?? null,
      achievement: p.achievement_pct ?? null,
      completeness: p.completeness_pct ?? null,
      reported: p.reported,
      expected: p.expected,
      components: data.components.map((c) => p.components.find((x) => x.code === c.code)?.value ?? null),
      restated: p.restated,
    }))
    .sort((a, b) => data.periods.indexOf(b.period) - data.periods.indexOf(a.period));

  const columns: ColumnsType<Row> = [
    {
      title: t('indicators.period'),
      dataIndex: 'period',
      key: 'period',
      render: (p: string, r) => (
        <span>
          {describePeriod(p, t)}
          {r.restated && (
            <Tag color="purple" bordered={false} className="restated-tag" style={{ marginInlineStart: 6 }}>
              {t('indicators.restated')}
            </Tag>
          )}
        </span>
      ),
    },
    { title: t('indicators.value'), dataIndex: 'value', key: 'value', align: 'right', render: (v: number | null) => <strong>{fmt(v)}</strong> },
    { title: t('indicators.target'), dataIndex: 'target', key: 'target', align: 'right', render: fmt },
    { title: t('indicators.achievement'), dataIndex: 'achievement', key: 'achievement', align: 'right', render: pct },
    {
      title: t('indicators.completeness'),
      key: 'completeness',
      align: 'right',
      render: (_, r) => (
        <span>
          {pct(r.completeness)}{' '}
          <Typography.Text type="secondary">({t('indicators.reported', { reported: r.reported, expected: r.expected })})</Typography.Text>
        </span>
      ),
    },
    ...data.components.map((c, i) => ({
      title: <Typography.Text code>{c.code}</Typography.Text>,
      key: `component-${c.code}`,
      align: 'right' as const,
      render: (_: unknown, r: Row) => formatValue(r.components[i] ?? null, 'number', '', language, t),
    })),
  ];

  return (
    <Card
      size="small"
      className="section"
      title={t('indicators.series')}
      extra={
        <Flex align="center" gap={8} wrap justify="flex-end">
          <SeriesMapSwitch value={map} onChange={onMapChange} label={t('indicators.mapSwitch')} />
          <label htmlFor="series-agency" className="hide-narrow">
            <Typography.Text type="secondary">{t('indicators.seriesAgency')}</Typography.Text>
          </label>
          <TreeSelect
            id="series-agency"
            showSearch
            treeDefaultExpandAll
            treeNodeFilterProp="title"
            aria-label={t('indicators.seriesAgency')}
            treeData={agencyOptions}
            value={agencyId}
            onChange={(v: string) => onAgencyChange(v)}
            popupMatchSelectWidth={false}
            style={{ width: 260, maxWidth: '60vw' }}
          />
        </Flex>
      }
    >
      {series.isPending ? (
        <LoadingState />
      ) : series.isError ? (
        <ErrorState error={series.error} onRetry={() => void series.refetch()} />
      ) : data.periods.length === 0 ? (
        <EmptyState description={t('indicators.seriesEmpty')} />
      ) : (
        <>
          {data.restated.some(Boolean) && (
            <Alert type="info" showIcon className="restated-note" style={{ marginBottom: 8 }} message={t('indicators.restatedNote')} />
          )}
          <SeriesChart data={data} valueType={indicator.value_type} unit={indicator.unit} height={300} />
          <Table<Row>
            rowClassName={(r) => (r.restated ? 'series-restated' : '')}
            className="series-table"
            rowKey="period"
            size="small"
            pagination={false}
            columns={columns}
            dataSource={rows}
            scroll={{ x: 640 }}
            loading={series.isFetching}
          />
        </>
      )}
    </Card>
  );
}
