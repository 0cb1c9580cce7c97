import { CheckOutlined, ReloadOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Empty, Flex, Select, Tag, TreeSelect, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ALERT_KINDS, ALERT_SEVERITIES, ALERT_STATUSES, type Alert, type AlertKind, type AlertSeverity, type AlertStatus } from '../../../api/models';
import { ErrorState } from '../../../components/PageState';
import { agencyTreeOptions, indexAgencyTree, useAgencyTree } from '../../../lib/agency-tree';
import { useCurrentUser } from '../../../lib/current-user';
import { describeError } from '../../../lib/describe-error';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { ApiError } from '../../../lib/problem';
import { useUpdateSearch } from '../../../lib/search-params';
import { useAcknowledgeAlert, useAlerts, useEvaluateAlerts } from '../api/alerts';
import { SEVERITY_COLOR, STATUS_COLOR, alertMessage, alertQuery, filtersFromSearch, filtersToSearch, isAlreadyAcknowledged, isEvaluationBusy, subjectPath, type AlertFilters } from './alert-labels';
import { ResponsiveTable } from '../../../components/ResponsiveTable';

export function AlertsPage() {
  const { t, language } = useI18n();
  const { message } = AntApp.useApp();
  const me = useCurrentUser();
  const tree = useAgencyTree(me.data?.agency_id);
  const agencyIndex = useMemo(() => indexAgencyTree(tree.data), [tree.data]);
  const agencyOptions = useMemo(() => (tree.data ? [agencyTreeOptions(tree.data, true)] : []), [tree.data]);
  const [params] = useSearchParams();
  const updateSearch = useUpdateSearch();
  const filters = filtersFromSearch(params);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const alerts = useAlerts(alertQuery(filters, page, pageSize));
  const acknowledge = useAcknowledgeAlert();
  const evaluate = useEvaluateAlerts();

  const update = (patch: Partial<AlertFilters>) => {
    updateSearch((current) => filtersToSearch({ ...filtersFromSearch(current), ...patch }), { replace: true });
    setPage(1);
  };

  const onAcknowledge = (alert: Alert) =>
    acknowledge.mutate(alert.id, {
      onSuccess: () => void message.success(t('alerts.acknowledged')),
      // Acknowledged meanwhile by someone else: say so; the list is reloaded without the button.
      onError: (error) => void (isAlreadyAcknowledged(error) ? message.info(t('alerts.alreadyAcknowledged')) : message.error(describeError(error, t))),
    });

  const onEvaluate = () =>
    evaluate.mutate(undefined, {
      onSuccess: (result) =>
        void message.success(
          result.ran
            ? t('alerts.evaluated', { raised: formatNumber(result.raised, language), resolved: formatNumber(result.resolved, language), open: formatNumber(result.open, language) })
            : t('alerts.evaluationBusy'),
        ),
      onError: (error) => void message.error(isEvaluationBusy(error instanceof ApiError ? error.status : undefined) ? t('alerts.evaluationBusy') : describeError(error, t)),
    });

  const columns: TableColumnsType<Alert> = [
    {
      title: t('alerts.severity'),
      dataIndex: 'severity',
      width: 110,
      render: (s: AlertSeverity) => (
        <Tag color={SEVERITY_COLOR[s]} className="alert-severity" data-severity={s}>
          {t(`alertSeverity.${s}`)}
        </Tag>
      ),
    },
    { title: t('alerts.kind'), dataIndex: 'kind', width: 160, render: (k: AlertKind) => <span className="alert-kind">{t(`alertKind.${k}`)}</span> },
    {
      title: t('alerts.message'),
      dataIndex: 'message',
      render: (_: string, alert) => {
        const path = subjectPath(alert);
        return (
          <div>
            <div className="alert-message">{alertMessage(alert, language)}</div>
            <Typography.Text type="secondary" className="alert-meta">
              {agencyIndex.get(alert.agency_id)?.name ?? t('common.none')} · {formatDateTime(alert.raised_at, language)}
            </Typography.Text>
            {path && (
              <>
                {' · '}
                <Link to={path} className="alert-subject">
                  {alert.task_id ? t('alerts.openTask') : t('alerts.openIndicator')}
                </Link>
              </>
            )}
          </div>
        );
      },
    },
    { title: t('common.status'), dataIndex: 'status', width: 120, render: (s: AlertStatus) => <Tag color={STATUS_COLOR[s]}>{t(`alertStatus.${s}`)}</Tag> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 130,
      render: (_, alert) =>
        alert.actions.acknowledge ? (
          <Button size="small" icon={<CheckOutlined />} loading={acknowledge.isPending && acknowledge.variables === alert.id} onClick={() => onAcknowledge(alert)}>
            {t('alerts.acknowledge')}
          </Button>
        ) : null,
    },
  ];

  return (
    <div className="page">
      <Flex justify="space-between" align="center" wrap gap={8} className="page-header">
        <Typography.Title level={1} className="page-title" style={{ margin: 0 }}>
          {t('alerts.title')}
        </Typography.Title>
        <Flex gap={8} wrap>
          <Button icon={<ReloadOutlined />} onClick={() => void alerts.refetch()} loading={alerts.isFetching && !alerts.isPending}>
            {t('common.reload')}
          </Button>
          {me.data?.actions.evaluate_alerts && (
            <Button type="primary" icon={<ThunderboltOutlined />} loading={evaluate.isPending} onClick={onEvaluate}>
              {t('alerts.evaluate')}
            </Button>
          )}
        </Flex>
      </Flex>
      <Card size="small">
        <Flex gap={12} wrap className="filters" align="center">
          <TreeSelect
            allowClear
            showSearch
            treeNodeFilterProp="title"
            aria-label={t('alerts.agencyFilter')}
            placeholder={t('alerts.agencyFilter')}
            treeData={agencyOptions}
            value={tree.data ? filters.agency_id : undefined}
            onChange={(v: string | undefined) => update({ agency_id: v })}
            popupMatchSelectWidth={false}
            style={{ width: 260, maxWidth: '100%' }}
          />
          <Select<AlertKind>
            allowClear
            aria-label={t('alerts.kindFilter')}
            placeholder={t('alerts.kindFilter')}
            value={filters.kind}
            onChange={(v) => update({ kind: v })}
            options={ALERT_KINDS.map((k) => ({ value: k, label: t(`alertKind.${k}`) }))}
            popupMatchSelectWidth={false}
            style={{ width: 200 }}
          />
          <Select<AlertSeverity>
            allowClear
            aria-label={t('alerts.severityFilter')}
            placeholder={t('alerts.severityFilter')}
            value={filters.severity}
            onChange={(v) => update({ severity: v })}
            options={ALERT_SEVERITIES.map((s) => ({ value: s, label: t(`alertSeverity.${s}`) }))}
            style={{ width: 160 }}
          />
          <Select<AlertStatus>
            allowClear
            aria-label={t('alerts.statusFilter')}
            placeholder={t('alerts.statusDefault')}
            value={filters.status}
            onChange={(v) => update({ status: v })}
            options={ALERT_STATUSES.map((s) => ({ value: s, label: t(`alertStatus.${s}`) }))}
            style={{ width: 220 }}
          />
          <Button onClick={() => update({ agency_id: undefined, kind: undefined, severity: undefined, status: undefined })}>{t('tasks.clear')}</Button>
        </Flex>
        {alerts.isError ? (
          <ErrorState error={alerts.error} onRetry={() => void alerts.refetch()} />
        ) : (
          <ResponsiveTable<Alert>
            className="alerts-table"
            tableLayout="fixed"
            scroll={{ x: 760 }}
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={alerts.data?.items ?? []}
            loading={alerts.isFetching}
            locale={{ emptyText: alerts.isPending ? t('common.loading') : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('alerts.empty')} /> }}
            pagination={{
              current: page,
              pageSize,
              total: alerts.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (total) => t('common.total', { count: formatNumber(total, language) }),
              onChange: (nextPage, nextSize) => {
                setPage(nextSize === pageSize ? nextPage : 1);
                setPageSize(nextSize);
              },
            }}
          />
        )}
      </Card>
    </div>
  );
}
