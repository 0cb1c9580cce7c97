import { Alert, Breadcrumb, Button, Card, Descriptions, Flex, Space, Tag, Tooltip, Typography } from 'antd';
import { EditOutlined, LockOutlined } from '@ant-design/icons';
import { useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { Indicator, ValueStatus } from '../../../api/models';
import { ErrorState, LoadingState } from '../../../components/PageState';
import { formatValue } from '../../../lib/format';
import { useUpdateSearch } from '../../../lib/search-params';
import { useI18n } from '../../../lib/i18n/i18n';
import { describePeriod } from '../../../lib/periods';
import { parseSeriesMap, type SeriesMap } from '../../../lib/series-map';
import { useCreateValue, useIndicator, useValues } from '../api/indicators';
import { useAgencyDirectory } from './agency-directory';
import { CalendarCard } from './CalendarCard';
import { EditIndicatorDialog } from './IndicatorDialogs';
import { TargetsCard } from './TargetsCard';
import { AgencyName, GroupTag } from './IndicatorTags';
import { SeriesCard } from './SeriesCard';
import { SeriesDirectivesCard } from './SeriesDirectivesCard';
import { seriesKey } from './value-rules';
import { ValueForm } from './ValueForm';
import { UnlocksCard } from './UnlocksCard';
import { ValuesCard } from './ValuesCard';

export function IndicatorPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const indicator = useIndicator(id);
  const directory = useAgencyDirectory();
  // The chosen series is kept in the address (`?agency_id=`): links from the to-do list and the
  // notifications open a given series, and a reload or a shared link keeps it.
  const [params] = useSearchParams();
  const updateSearch = useUpdateSearch();
  const seriesAgency = params.get('agency_id') || undefined;
  const setSeriesAgency = (agencyId: string) =>
    updateSearch(
      (next) => {
        next.set('agency_id', agencyId);
        return next;
      },
      { replace: true },
    );
  // The map the series is shown on (`?map=today|recorded`, as recorded by default), kept in the address too.
  const seriesMap = parseSeriesMap(params.get('map'));
  const setSeriesMap = (map: SeriesMap) =>
    updateSearch(
      (next) => {
        next.set('map', map);
        return next;
      },
      { replace: true },
    );
  const createValue = useCreateValue(id ?? '');
  const [editing, setEditing] = useState(false);
  // The series this user writes: decided by the server (one datum, one source, one owner).
  const writable = useMemo(() => indicator.data?.actions.write_agency_ids ?? [], [indicator.data]);
  // The current revision of each of the user's series, to say when a write makes a new revision.
  const ownValues = useValues(writable.length > 0 ? id : undefined, { limit: 500 });
  const existing = useMemo(
    () => new Map<string, ValueStatus>((ownValues.data?.items ?? []).filter((v) => v.current).map((v) => [seriesKey(v.agency_id, v.period), v.status])),
    [ownValues.data],
  );

  if (indicator.isPending || directory.me.isPending) return <LoadingState />;
  if (indicator.isError) return <ErrorState error={indicator.error} onRetry={() => void indicator.refetch()} />;
  const data = indicator.data;
  const { nameOf } = directory;
  const agencies = writable.map((a) => ({ id: a, name: nameOf(a) ?? t('indicators.otherAgency') }));
  // Not a permission decision: whether the form is shown comes from `actions.write_agency_ids`
  // alone. The role only picks who gets a note explaining its absence (a reporter of another
  // agency expects a form; anyone else would only be puzzled by the note).
  const isReporter = directory.me.data?.roles.includes('reporter') ?? false;
  const shownAgency = seriesAgency ?? directory.me.data?.agency_id;

  return (
    <div className="page">
      <Breadcrumb className="page-breadcrumb" items={[{ title: <Link to="/indicators">{t('nav.indicators')}</Link> }, { title: data.code }]} />
      <Flex justify="space-between" align="flex-start" wrap gap={12} className="page-header">
        <div style={{ flex: '1 1 480px', minWidth: 0 }}>
          <Space size={8} wrap>
            <Typography.Title level={1} className="page-title" style={{ margin: 0 }} data-testid="indicator-code">
              {data.code}
            </Typography.Title>
            <GroupTag group={data.group} />
            {data.locked && (
              <Tooltip title={t('indicators.lockedHint')}>
                <Tag icon={<LockOutlined />} bordered={false}>
                  {t('indicators.locked')}
                </Tag>
              </Tooltip>
            )}
          </Space>
          <Typography.Title level={5} style={{ marginTop: 8, marginBottom: 0 }}>
            {data.name}
          </Typography.Title>
        </div>
        {data.actions.edit && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
            {t('plan.indicator.edit')}
          </Button>
        )}
      </Flex>

      <ReferenceSheet indicator={data} nameOf={nameOf} />

      <TargetsCard indicator={data} agencyOptions={directory.options} nameOf={nameOf} />
      {editing && <EditIndicatorDialog id={data.id} ownerOptions={directory.options} agencyOptions={directory.options} onClose={() => setEditing(false)} />}

      <CalendarCard indicatorId={data.id} />

      <SeriesCard
        indicator={data}
        agencyId={shownAgency}
        onAgencyChange={setSeriesAgency}
        agencyOptions={directory.options}
        map={seriesMap}
        onMapChange={setSeriesMap}
      />

      {/* Composites are computed: their components' sources are directed instead. */}
      {data.group !== 'composite' && (
        <SeriesDirectivesCard
          indicator={data}
          agencyId={shownAgency}
          nameOf={nameOf}
        />
      )}

      {writable.length > 0 && (
        <Card size="small" title={t('entry.title')} className="section value-entry">
          <ValueForm
            indicator={data}
            agencies={agencies}
            existing={existing}
            canAttach={directory.me.data?.actions.attach_evidence ?? false}
            onSubmit={(body) => createValue.mutateAsync(body)}
          />
        </Card>
      )}
      <div className="section">
        <ValuesCard indicator={data} directory={directory} />
      </div>
      {data.group !== 'composite' && <UnlocksCard indicatorId={data.id} nameOf={nameOf} />}
      {writable.length === 0 && isReporter && (
        <Alert className="section" type="info" showIcon message={data.group === 'composite' ? t('entry.composite') : t('entry.readOnly')} />
      )}
    </div>
  );
}

function ReferenceSheet({ indicator: i, nameOf }: { indicator: Indicator; nameOf: (id: string) => string | undefined }) {
  const { t, language } = useI18n();
  const notSet = <Typography.Text type="secondary">{t('indicators.notSet')}</Typography.Text>;
  const fmt = (v: number | null | undefined) => formatValue(v, i.value_type, i.unit, language, t);
  const atPeriod = (value: number | null | undefined, period: string | null | undefined) =>
    value === null || value === undefined ? notSet : period ? t('indicators.atPeriod', { value: fmt(value), period: describePeriod(period, t) }) : fmt(value);
  const text = (s: string) => (s.trim() ? <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{s}</Typography.Paragraph> : notSet);
  const reporting =
    i.reporting_agency_ids.length > 0 ? (
      <Space size={4} wrap>
        {i.reporting_agency_ids.map((a) => (
          <Tag key={a} bordered={false}>
            {nameOf(a) ?? t('indicators.otherAgency')}
          </Tag>
        ))}
      </Space>
    ) : i.reporting_agency_kind ? (
      t('indicators.reportingKind', { kind: t(`kind.${i.reporting_agency_kind}`) })
    ) : (
      t('indicators.reportingOwner')
    );
  const wide = { xs: 1, md: 2, xl: 3 };

  return (
    <Card size="small" title={t('indicators.referenceSheet')} className="section">
      <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 3 }} className="reference-sheet">
        <Descriptions.Item label={t('indicators.unit')}>{i.unit || notSet}</Descriptions.Item>
        <Descriptions.Item label={t('indicators.valueType')}>{t(`valueType.${i.value_type}`)}</Descriptions.Item>
        <Descriptions.Item label={t('indicators.direction')}>{t(`direction.${i.direction}`)}</Descriptions.Item>
        <Descriptions.Item label={t('indicators.aggregation')}>{t(`aggregation.${i.aggregation}`)}</Descriptions.Item>
        <Descriptions.Item label={t('indicators.frequency')}>{t(`frequency.${i.frequency}`)}</Descriptions.Item>
        <Descriptions.Item label={t('indicators.owner')}>
          <AgencyName id={i.owner_agency_id} nameOf={nameOf} />
        </Descriptions.Item>
        <Descriptions.Item label={t('indicators.baseline')}>{atPeriod(i.baseline_value, i.baseline_period)}</Descriptions.Item>
        <Descriptions.Item label={t('indicators.target')}>{atPeriod(i.target_value, i.target_period)}</Descriptions.Item>
        <Descriptions.Item label={t('indicators.source')}>
          {i.source_agency_id ? <AgencyName id={i.source_agency_id} nameOf={nameOf} /> : t('indicators.sourceSelf')}
        </Descriptions.Item>
        <Descriptions.Item label={t('indicators.reporting')} span={wide}>
          {reporting}
        </Descriptions.Item>
        {i.task_id ? (
          <Descriptions.Item label={t('indicators.drivesTask')} span={wide}>
            {i.drives_task_progress ? <Link to={`/tasks/${i.task_id}`}>{t('common.yes')}</Link> : t('common.no')}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      <Descriptions size="small" bordered column={1} className="reference-sheet reference-text">
        {i.group === 'composite' ? (
          <Descriptions.Item label={t('indicators.formula')}>
            <Typography.Text code className="formula">
              {i.formula ?? '—'}
            </Typography.Text>
          </Descriptions.Item>
        ) : null}
        {i.description.trim() ? <Descriptions.Item label={t('indicators.description')}>{text(i.description)}</Descriptions.Item> : null}
        <Descriptions.Item label={t('indicators.definition')}>{text(i.definition)}</Descriptions.Item>
        <Descriptions.Item label={t('indicators.dataSource')}>{text(i.data_source)}</Descriptions.Item>
        <Descriptions.Item label={t('indicators.method')}>{text(i.method)}</Descriptions.Item>
        <Descriptions.Item label={t('indicators.verification')}>{text(i.verification)}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
