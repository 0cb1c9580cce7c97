import { DownloadOutlined } from '@ant-design/icons';
import { Button, Modal, Table, type TableColumnsType } from 'antd';
import type { ReportRun } from '../../../api/models';
import { EmptyState, ErrorState } from '../../../components/PageState';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { useScheduleRuns } from '../api/reports';
import { formatSize } from './schedule-data';

interface Props {
  scheduleId: string;
  /** The schedule's name, once the list has it. */
  name: string | undefined;
  downloading: string | null;
  onDownload: (run: ReportRun) => void;
  onClose: () => void;
}

/** The reports a schedule produced (opened from the list or from a `report_ready` notification). */
export function ScheduleRunsModal({ scheduleId, name, downloading, onDownload, onClose }: Props) {
  const { t, language } = useI18n();
  const runs = useScheduleRuns(scheduleId);
  const columns: TableColumnsType<ReportRun> = [
    { title: t('schedules.period'), key: 'period', render: (_, run) => `${formatDate(run.from, language)} – ${formatDate(run.to, language)}` },
    { title: t('schedules.producedAt'), dataIndex: 'produced_at', key: 'produced_at', render: (v: string) => formatDateTime(v, language) },
    { title: t('schedules.size'), dataIndex: 'size', key: 'size', align: 'right', render: (v: number) => formatSize(v, language) },
    {
      title: t('common.actions'),
      key: 'download',
      render: (_, run) => (
        <Button size="small" icon={<DownloadOutlined />} loading={downloading === run.id} onClick={() => onDownload(run)} aria-label={t('schedules.downloadRun', { filename: run.filename })}>
          {run.filename}
        </Button>
      ),
    },
  ];
  return (
    <Modal open title={name ? t('schedules.runsTitle', { name }) : t('schedules.runs')} onCancel={onClose} footer={<Button onClick={onClose}>{t('periodicReport.close')}</Button>} width="min(900px, 96vw)" destroyOnHidden>
      {runs.isError ? (
        <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />
      ) : (
        <Table<ReportRun>
          rowKey="id"
          size="small"
          className="schedule-runs"
          columns={columns}
          dataSource={runs.data?.items ?? []}
          loading={runs.isFetching}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: runs.isPending ? ' ' : <EmptyState description={t('schedules.runsEmpty')} /> }}
        />
      )}
    </Modal>
  );
}
