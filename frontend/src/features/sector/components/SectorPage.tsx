import { Card, Flex, Select, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Indicator, ProvinceRow } from '../../../api/models';
import { EmptyState, ErrorState, LoadingState } from '../../../components/PageState';
import { ResponsiveTable } from '../../../components/ResponsiveTable';
import { useCurrentUser } from '../../../lib/current-user';
import { formatPercent, formatValue } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { describePeriod } from '../../../lib/periods';
import { useByProvince, useOwnedIndicators } from '../api/sector';

/**
 * "Theo dõi ngành": the indicators the user's agency owns and its sector line reports, each
 * compared across the provinces for its latest reported period (docs/roles.md). Shown to agencies
 * that head a sector line (`me.actions.view_sector`).
 */
export function SectorPage() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const owned = useOwnedIndicators(me.data?.agency_id);
  const [chosen, setChosen] = useState<string>();
  if (!me.data || owned.isPending) return <LoadingState />;
  if (owned.isError) return <ErrorState error={owned.error} onRetry={() => void owned.refetch()} />;
  const indicators = owned.data.items;
  const indicator = indicators.find((i) => i.id === chosen) ?? indicators[0];
  return (
    <div className="page sector-page">
      <Flex vertical gap={4} className="page-header">
        <Typography.Title level={1} className="page-title" style={{ margin: 0 }}>
          {t('sector.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('sector.subtitle', { agency: me.data.agency.name })}</Typography.Text>
      </Flex>
      {indicator ? (
        <Flex vertical gap={16}>
          <label className="sector-picker">
            <Typography.Text strong>{t('sector.indicator')}</Typography.Text>
            <Select
              value={indicator.id}
              onChange={setChosen}
              options={indicators.map((i) => ({ value: i.id, label: `${i.code} — ${i.name}` }))}
              style={{ minWidth: 320, maxWidth: '100%' }}
              aria-label={t('sector.indicator')}
            />
          </label>
          <Comparison indicator={indicator} />
        </Flex>
      ) : (
        <EmptyState description={t('sector.noIndicators')} />
      )}
    </div>
  );
}

function Comparison({ indicator }: { indicator: Indicator }) {
  const { t, language } = useI18n();
  const compared = useByProvince(indicator.id, undefined);
  if (compared.isPending) return <LoadingState />;
  if (compared.isError) return <ErrorState error={compared.error} onRetry={() => void compared.refetch()} />;
  const { items, period } = compared.data;
  const best = Math.max(0, ...items.map((r) => r.value ?? 0));
  const value = (v: number | null | undefined) => formatValue(v, indicator.value_type, indicator.unit, language, t);
  const columns: ColumnsType<ProvinceRow> = [
    { key: 'rank', title: t('sector.rank'), width: 72, render: (_, r) => r.rank ?? '—' },
    { key: 'province', title: t('sector.province'), render: (_, r) => r.name },
    {
      key: 'value',
      title: t('sector.value'),
      render: (_, r) => (
        <Flex align="center" gap={8}>
          <span className="sector-value">{value(r.value)}</span>
          {r.value !== null && r.value !== undefined && best > 0 ? (
            <span className="sector-bar" aria-hidden="true" style={{ width: `${Math.max(2, (80 * r.value) / best)}px` }} />
          ) : null}
        </Flex>
      ),
    },
    { key: 'target', title: t('sector.target'), render: (_, r) => value(r.target) },
    {
      key: 'achievement',
      title: t('sector.achievement'),
      render: (_, r) => (r.achievement_pct === null || r.achievement_pct === undefined ? '—' : formatPercent(r.achievement_pct, language)),
    },
    {
      key: 'reported',
      title: t('sector.reported'),
      render: (_, r) => t('sector.reportedOf', { reported: r.reported, expected: r.expected }),
    },
  ];
  return (
    <Card
      title={
        <Flex vertical>
          <Link to={`/indicators/${indicator.id}`}>{indicator.name}</Link>
          <Typography.Text type="secondary">
            {period ? t('sector.period', { period: describePeriod(period, t) }) : t('sector.nothingYet')}
          </Typography.Text>
        </Flex>
      }
    >
      <ResponsiveTable<ProvinceRow>
        rowKey="agency_id"
        columns={columns}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: t('sector.noProvinces') }}
      />
      <Typography.Paragraph type="secondary" className="sector-method">
        {t('sector.method')}
      </Typography.Paragraph>
    </Card>
  );
}
