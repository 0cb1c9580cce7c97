import { CopyOutlined, EditOutlined, SendOutlined } from '@ant-design/icons';
import { App, Breadcrumb, Button, Card, Descriptions, Flex, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { IndicatorSet, SetItem } from '../../../api/models';
import { ErrorState, LoadingState } from '../../../components/PageState';
import { describeError } from '../../../lib/describe-error';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { useIndicators } from '../api/indicators';
import { useAgencyDirectory } from './agency-directory';
import { useIndicatorOptions, useIndicatorSet, useIndicatorSets, useNewSetVersion, usePublishSet, useUpdateSet } from '../api/indicator-sets';
import { setToFormValues, toUpdateSetBody } from './set-form';
import { SetFormModal } from './SetFormModal';
import { SetStatusTag } from './SetStatusTag';

/** One version of a set: its indicators and weights, publishing, the next version and every version. */
export function IndicatorSetPage() {
  const { id } = useParams();
  const { t, language } = useI18n();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const directory = useAgencyDirectory();
  const current = useIndicatorSet(id);
  const indicators = useIndicators({ limit: 500 });
  const byId = useMemo(() => new Map((indicators.data?.items ?? []).map((i) => [i.id, i])), [indicators.data]);
  const versions = useIndicatorSets({ code: current.data?.set.code, limit: 100 }, Boolean(current.data));
  const [editing, setEditing] = useState(false);
  const indicatorOptions = useIndicatorOptions(editing);
  const update = useUpdateSet();
  const publish = usePublishSet();
  const newVersion = useNewSetVersion();

  if (current.isPending || directory.me.isPending) return <LoadingState />;
  if (current.isError) return <ErrorState error={current.error} onRetry={() => void current.refetch()} />;
  const { set, etag } = current.data;
  // The set view carries no `actions`: the buttons follow `me.actions.plan_indicators` (planning
  // indicator sets at all) and the version's status; the server decides each request.
  const canPlan = directory.me.data?.actions.plan_indicators ?? false;
  const draftExists = (versions.data?.items ?? []).some((v) => v.status === 'draft');

  const confirmPublish = () =>
    modal.confirm({
      title: t('plan.set.publishTitle'),
      content: t('plan.set.publishBody', { code: set.code, version: set.set_version, count: set.items.length }),
      okText: t('plan.set.publish'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await publish.mutateAsync(set.id);
          void message.success(t('plan.set.published', { code: set.code, version: set.set_version }));
        } catch (error) {
          void message.error(describeError(error, t));
        }
      },
    });
  const startVersion = async () => {
    try {
      const next = await newVersion.mutateAsync(set.id);
      void message.success(t('plan.set.versionStarted', { version: next.set_version }));
      void navigate(`/indicator-sets/${next.id}`);
    } catch (error) {
      void message.error(describeError(error, t));
    }
  };

  return (
    <div className="page">
      <Breadcrumb className="page-breadcrumb" items={[{ title: <Link to="/indicator-sets">{t('plan.set.title')}</Link> }, { title: set.code }]} />
      <Card className="section">
        <Flex justify="space-between" align="flex-start" gap={12} wrap>
          <div>
            <Space size={8} wrap>
              <Typography.Title level={1} className="page-title" style={{ margin: 0 }} data-testid="set-code">
                {set.code}
              </Typography.Title>
              <Typography.Text>{t('plan.set.versionN', { n: set.set_version })}</Typography.Text>
              <SetStatusTag status={set.status} />
            </Space>
            <Typography.Title level={5} style={{ marginTop: 8, marginBottom: 0 }}>
              {set.name}
            </Typography.Title>
          </div>
          {canPlan && (
            <Space wrap>
              {set.status === 'draft' && (
                <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                  {t('plan.set.edit')}
                </Button>
              )}
              {set.status === 'draft' && (
                <Button type="primary" icon={<SendOutlined />} onClick={() => void confirmPublish()} loading={publish.isPending}>
                  {t('plan.set.publish')}
                </Button>
              )}
              {set.status === 'published' && !draftExists && (
                <Button icon={<CopyOutlined />} onClick={() => void startVersion()} loading={newVersion.isPending}>
                  {t('plan.set.newVersion')}
                </Button>
              )}
            </Space>
          )}
        </Flex>
        <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginTop: 12 }}>
          <Descriptions.Item label={t('indicators.owner')}>{directory.nameOf(set.owner_agency_id) ?? t('indicators.otherAgency')}</Descriptions.Item>
          <Descriptions.Item label={t('plan.set.publishedAt')}>{formatDateTime(set.published_at, language)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" className="section" title={`${t('plan.set.items')} (${formatNumber(set.items.length, language)})`}>
        <Table<SetItem>
          size="small"
          rowKey="indicator_id"
          dataSource={set.items}
          pagination={false}
          locale={{ emptyText: <Typography.Text type="secondary">{t('plan.set.noItems')}</Typography.Text> }}
          columns={[
            {
              title: t('indicators.code'),
              key: 'code',
              render: (_: unknown, item) => <Link to={`/indicators/${item.indicator_id}`}>{byId.get(item.indicator_id)?.code ?? t('plan.set.unknownIndicator')}</Link>,
            },
            { title: t('indicators.name'), key: 'name', render: (_: unknown, item) => byId.get(item.indicator_id)?.name ?? '' },
            { title: t('plan.set.weight'), dataIndex: 'weight', key: 'weight', align: 'right', width: 120, render: (w: number) => formatNumber(w, language) },
          ]}
        />
      </Card>
      <VersionsCard versions={versions.data?.items ?? []} currentId={set.id} />
      {editing && (
        <SetFormModal
          original={set}
          initial={setToFormValues(set, language)}
          ownerOptions={directory.options}
          indicatorOptions={indicatorOptions}
          onClose={() => setEditing(false)}
          onSubmit={async (values) => {
            const body = toUpdateSetBody(values, set);
            if (Object.keys(body).length === 0) return;
            await update.mutateAsync({ id: set.id, etag, body });
            void message.success(t('common.saved'));
          }}
        />
      )}
    </div>
  );
}

function VersionsCard({ versions, currentId }: { versions: IndicatorSet[]; currentId: string }) {
  const { t, language } = useI18n();
  const sorted = [...versions].sort((a, b) => b.set_version - a.set_version);
  return (
    <Card size="small" className="section" title={t('plan.set.versions')} data-testid="set-versions">
      <Table<IndicatorSet>
        size="small"
        rowKey="id"
        dataSource={sorted}
        pagination={false}
        columns={[
          {
            title: t('plan.set.version'),
            key: 'version',
            render: (_: unknown, v) =>
              v.id === currentId ? <Typography.Text strong>{t('plan.set.versionN', { n: v.set_version })}</Typography.Text> : <Link to={`/indicator-sets/${v.id}`}>{t('plan.set.versionN', { n: v.set_version })}</Link>,
          },
          { title: t('common.status'), dataIndex: 'status', key: 'status', render: (s: IndicatorSet['status']) => <SetStatusTag status={s} /> },
          { title: t('plan.set.itemCount'), key: 'items', align: 'right', render: (_: unknown, v) => formatNumber(v.items.length, language) },
          { title: t('plan.set.publishedAt'), dataIndex: 'published_at', key: 'published', render: (d: string | null) => formatDateTime(d, language) },
        ]}
      />
    </Card>
  );
}
