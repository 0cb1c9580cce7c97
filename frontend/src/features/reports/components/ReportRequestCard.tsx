import { DownloadOutlined, FileSearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Select, TreeSelect, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { ReportFormat } from '../../../api/models';
import { agencyTreeOptions, useAgencyTree } from '../../../lib/agency-tree';
import { useI18n } from '../../../lib/i18n/i18n';
import { useReportResolutions } from '../api/reports';
import { PeriodPicker } from './PeriodPicker';
import { ReportPreviewModal } from './ReportPreviewModal';
import { describeReportPeriod, isPeriodError, periodDates, type ReportPeriod } from './report-period';
import { useReportActions } from './use-report-actions';

const DOWNLOADS: readonly Exclude<ReportFormat, 'html'>[] = ['docx', 'pdf', 'xlsx', 'csv'];

interface Props {
  /** The user's own agency: the root of the tree and the default scope. */
  rootAgencyId: string;
  /** A scope to start from (the overview links here with its own). */
  initialAgencyId?: string;
  initialResolutionId?: string;
  initialPeriod: ReportPeriod;
}

/** "Báo cáo theo kỳ": the scope, the period in words, and a button per format plus the print preview. */
export function ReportRequestCard({ rootAgencyId, initialAgencyId, initialResolutionId, initialPeriod }: Props) {
  const { t, language } = useI18n();
  const tree = useAgencyTree(rootAgencyId);
  const resolutions = useReportResolutions();
  const agencyOptions = useMemo(() => (tree.data ? [agencyTreeOptions(tree.data, true)] : []), [tree.data]);
  const [agencyId, setAgencyId] = useState(initialAgencyId ?? rootAgencyId);
  const [resolutionId, setResolutionId] = useState<string | undefined>(initialResolutionId);
  const [period, setPeriod] = useState<ReportPeriod>(initialPeriod);
  const [attempted, setAttempted] = useState(false);
  const actions = useReportActions();

  const dates = periodDates(period);
  // A range ending before it starts is refused at once; a missing day only once a report is asked for.
  const localError = isPeriodError(dates) && (attempted || dates.key === 'periodicReport.toBeforeFrom') ? { field: dates.field, message: t(dates.key) } : undefined;
  const serverField = actions.failure?.field ? { field: actions.failure.field, message: actions.failure.message } : undefined;
  const words = describeReportPeriod(period, t, language);

  const ask = (format: ReportFormat) => {
    setAttempted(true);
    if (isPeriodError(dates)) return; // refused next to the field; nothing is sent
    void actions.run(format, { agency_id: agencyId, resolution_id: resolutionId, from: dates.from, to: dates.to });
  };
  const changePeriod = (next: ReportPeriod) => {
    setPeriod(next);
    actions.clearFailure();
  };

  return (
    <Card title={t('periodicReport.scopeCard')} size="small" className="report-request-card">
      <Form layout="vertical" component="div" className="report-form">
        <Flex gap={16} wrap>
          <Form.Item label={t('periodicReport.agency')} htmlFor="report-agency">
            <TreeSelect
              id="report-agency"
              showSearch
              treeNodeFilterProp="title"
              treeData={agencyOptions}
              treeDefaultExpandedKeys={[rootAgencyId]}
              value={tree.data ? agencyId : undefined}
              loading={tree.isPending}
              onChange={(v: string) => setAgencyId(v)}
              popupMatchSelectWidth={false}
              style={{ width: 320, maxWidth: '100%' }}
            />
          </Form.Item>
          <Form.Item label={t('periodicReport.resolution')} htmlFor="report-resolution">
            <Select<string>
              id="report-resolution"
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('periodicReport.allResolutions')}
              value={resolutionId}
              loading={resolutions.isPending}
              onChange={(v) => setResolutionId(v)}
              options={(resolutions.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.code} — ${r.title}` }))}
              popupMatchSelectWidth={false}
              style={{ width: 320, maxWidth: '100%' }}
            />
          </Form.Item>
        </Flex>
        <Flex gap={16} wrap>
          <PeriodPicker period={period} onChange={changePeriod} error={localError ?? serverField} thisYear={new Date().getFullYear()} />
        </Flex>
      </Form>
      <Typography.Paragraph className="report-period-words" data-testid="report-period-words">
        <Typography.Text type="secondary">{t('periodicReport.chosen')}: </Typography.Text>
        <Typography.Text strong>{words ?? t('common.none')}</Typography.Text>
      </Typography.Paragraph>
      {actions.failure && !actions.failure.field && <Alert type="error" showIcon role="alert" className="form-alert" message={actions.failure.message} />}
      <Flex gap={8} wrap className="report-buttons">
        {DOWNLOADS.map((format) => (
          <Button key={format} icon={<DownloadOutlined />} loading={actions.busy === format} disabled={actions.busy !== null && actions.busy !== format} onClick={() => ask(format)} data-format={format}>
            {t(`periodicReport.download.${format}`)}
          </Button>
        ))}
        <Button type="primary" icon={<FileSearchOutlined />} loading={actions.busy === 'html'} disabled={actions.busy !== null && actions.busy !== 'html'} onClick={() => ask('html')}>
          {t('periodicReport.preview')}
        </Button>
      </Flex>
      {actions.previewHtml !== null && <ReportPreviewModal html={actions.previewHtml} period={words ?? ''} onClose={actions.closePreview} />}
    </Card>
  );
}
