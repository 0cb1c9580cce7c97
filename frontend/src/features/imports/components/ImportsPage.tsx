import { CheckCircleOutlined, ExperimentOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert as AntAlert, App as AntApp, Button, Card, Col, Empty, Flex, Row, Select, Statistic, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { IMPORT_KINDS, type ImportKind, type ImportResult, type ImportRowError } from '../../../api/models';
import { ErrorState, LoadingState } from '../../../components/PageState';
import { ForbiddenPage } from '../../../components/RouteGuards';
import { useCurrentUser } from '../../../lib/current-user';
import { describeError } from '../../../lib/describe-error';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { useImports, useRunImport } from '../api/imports';
import { IMPORT_COLUMNS, STATUS_COLOR, canApply, contentTypeFor, fileKey, type PickedFile } from './import-result';

export function ImportsPage() {
  const { t, language } = useI18n();
  const { message } = AntApp.useApp();
  const me = useCurrentUser();
  // Only the kinds the server says this user may import (`me.actions.import_kinds`), in the usual order.
  const kinds = useMemo(() => IMPORT_KINDS.filter((k) => me.data?.actions.import_kinds.includes(k)), [me.data]);
  const [picked, setKind] = useState<ImportKind | undefined>(undefined);
  const kind = picked && kinds.includes(picked) ? picked : kinds[0];
  const [file, setFile] = useState<PickedFile | null>(null);
  const [checked, setChecked] = useState<{ key: string; result: ImportResult } | null>(null);
  const [last, setLast] = useState<ImportResult | null>(null);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(10);
  const history = useImports(page, pageSize);
  const run = useRunImport();
  const currentKey = file && kind ? fileKey(file, kind) : null;

  const pick = async (picked: File) => {
    const contentType = contentTypeFor(picked.name);
    if (!contentType) {
      void message.error(t('imports.badType'));
      return;
    }
    const text = await picked.text();
    setFile({ name: picked.name, size: picked.size, lastModified: picked.lastModified, text, contentType });
    setLast(null);
  };

  const submit = (dryRun: boolean) => {
    if (!file || !currentKey || !kind) return;
    run.mutate(
      { kind, text: file.text, contentType: file.contentType, dryRun },
      {
        onSuccess: (result) => {
          setLast(result);
          if (dryRun) setChecked({ key: currentKey, result });
          else {
            setChecked(null);
            if (result.status === 'applied') void message.success(t('imports.appliedToast'));
          }
        },
        onError: (error) => {
          setLast(null);
          void message.error(describeError(error, t));
        },
      },
    );
  };

  const errorColumns: TableColumnsType<ImportRowError> = [
    { title: t('imports.row'), dataIndex: 'row', width: 80, align: 'right', render: (v: number) => <span className="import-error-row">{formatNumber(v, language)}</span> },
    { title: t('imports.field'), dataIndex: 'field', width: 180, render: (v: string) => (v ? <Typography.Text code>{v}</Typography.Text> : t('common.none')) },
    { title: t('imports.code'), dataIndex: 'code', width: 160, render: (v: string) => <Tag>{v}</Tag> },
    { title: t('imports.message'), dataIndex: 'message' },
  ];

  const historyColumns: TableColumnsType<ImportResult> = [
    { title: t('imports.startedAt'), dataIndex: 'started_at', width: 160, render: (v: string) => formatDateTime(v, language) },
    { title: t('imports.kind'), dataIndex: 'kind', width: 150, render: (k: ImportKind) => t(`importKind.${k}`) },
    { title: t('imports.actor'), dataIndex: 'actor_name', responsive: ['md'] },
    {
      title: t('common.status'),
      key: 'status',
      width: 200,
      render: (_, r) => (
        <Flex gap={4} wrap>
          <Tag color={STATUS_COLOR[r.status]}>{t(`importStatus.${r.status}`)}</Tag>
          {r.dry_run && <Tag>{t('imports.dryRunTag')}</Tag>}
        </Flex>
      ),
    },
    {
      title: t('imports.counts'),
      key: 'counts',
      render: (_, r) =>
        t('imports.countsShort', {
          created: formatNumber(r.counts.created, language),
          updated: formatNumber(r.counts.updated, language),
          unchanged: formatNumber(r.counts.unchanged, language),
          rejected: formatNumber(r.counts.rejected, language),
        }),
    },
  ];

  if (me.isPending) return <LoadingState />;
  if (!kind) return <ForbiddenPage />; // the route guard already checks import_kinds

  return (
    <div className="page">
      <Flex justify="space-between" align="center" wrap gap={8} className="page-header">
        <Typography.Title level={1} className="page-title" style={{ margin: 0 }}>
          {t('imports.title')}
        </Typography.Title>
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('imports.fileCard')} size="small">
            <Flex vertical gap={12}>
              <label className="inline-field">
                <span>{t('imports.kind')}</span>
                <Select<ImportKind>
                  aria-label={t('imports.kind')}
                  value={kind}
                  onChange={(v) => {
                    setKind(v);
                    setLast(null);
                  }}
                  options={kinds.map((k) => ({ value: k, label: t(`importKind.${k}`) }))}
                  style={{ width: 260, maxWidth: '100%' }}
                />
              </label>
              <div>
                <Upload
                  accept=".csv,.json,text/csv,application/json"
                  maxCount={1}
                  showUploadList={false}
                  beforeUpload={(f) => {
                    void pick(f);
                    return false;
                  }}
                >
                  <Button icon={<UploadOutlined />} aria-label={t('imports.chooseFile')}>
                    {t('imports.chooseFile')}
                  </Button>
                </Upload>
                <Typography.Text type={file ? undefined : 'secondary'} className="import-file-name" style={{ marginInlineStart: 12 }}>
                  {file ? `${file.name} (${formatNumber(file.size, language)} B)` : t('imports.noFile')}
                </Typography.Text>
              </div>
              <Flex gap={8} wrap>
                <Button icon={<ExperimentOutlined />} disabled={!file} loading={run.isPending && run.variables?.dryRun} onClick={() => submit(true)}>
                  {t('imports.dryRun')}
                </Button>
                <Button type="primary" icon={<CheckCircleOutlined />} disabled={!canApply(checked, currentKey)} loading={run.isPending && run.variables?.dryRun === false} onClick={() => submit(false)}>
                  {t('imports.apply')}
                </Button>
              </Flex>
              <Typography.Text type="secondary">{t('imports.hint')}</Typography.Text>
            </Flex>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('imports.columns', { kind: t(`importKind.${kind}`) })} size="small">
            <Flex gap={4} wrap className="import-columns">
              {IMPORT_COLUMNS[kind].map((c) => (
                <Typography.Text key={c} code>
                  {c}
                </Typography.Text>
              ))}
            </Flex>
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
              {t('imports.columnsHelp')}
            </Typography.Paragraph>
          </Card>
        </Col>
        {last && (
          <Col xs={24}>
            <Card title={t('imports.result')} size="small" className="import-result" data-status={last.status}>
              <AntAlert
                showIcon
                type={last.status === 'rejected' ? 'error' : last.status === 'applied' ? 'success' : 'info'}
                message={t(`imports.outcome.${last.status}`)}
                style={{ marginBottom: 16 }}
              />
              <Row gutter={[16, 16]}>
                {(['created', 'updated', 'unchanged', 'rejected'] as const).map((c) => (
                  <Col key={c} xs={12} md={6}>
                    <Statistic title={t(`imports.count.${c}`)} value={formatNumber(last.counts[c], language)} valueStyle={c === 'rejected' && last.counts.rejected > 0 ? { color: '#cf1322' } : undefined} />
                  </Col>
                ))}
              </Row>
              {last.errors.length > 0 && (
                <Table<ImportRowError>
                  className="import-errors"
                  style={{ marginTop: 16 }}
                  rowKey={(e) => `${e.row}:${e.field}:${e.code}:${e.message}`}
                  size="small"
                  columns={errorColumns}
                  dataSource={last.errors}
                  pagination={last.errors.length > 20 ? { pageSize: 20 } : false}
                />
              )}
            </Card>
          </Col>
        )}
        <Col xs={24}>
          <Card title={t('imports.history')} size="small">
            {history.isError ? (
              <ErrorState error={history.error} onRetry={() => void history.refetch()} />
            ) : (
              <Table<ImportResult>
                className="imports-history"
                rowKey="import_id"
                size="small"
                columns={historyColumns}
                dataSource={history.data?.items ?? []}
                loading={history.isFetching}
                locale={{ emptyText: history.isPending ? t('common.loading') : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('imports.historyEmpty')} /> }}
                expandable={{
                  rowExpandable: (r) => r.errors.length > 0,
                  expandedRowRender: (r) => <Table<ImportRowError> rowKey={(e) => `${e.row}:${e.field}:${e.code}:${e.message}`} size="small" columns={errorColumns} dataSource={r.errors} pagination={false} />,
                }}
                pagination={{
                  current: page,
                  pageSize,
                  total: history.data?.total ?? 0,
                  showTotal: (total) => t('common.total', { count: formatNumber(total, language) }),
                  onChange: (nextPage, nextSize) => {
                    setPage(nextSize === pageSize ? nextPage : 1);
                    setPageSize(nextSize);
                  },
                }}
              />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
