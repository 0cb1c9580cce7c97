import { DeleteOutlined, DownloadOutlined, HistoryOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { ReportRun, ReportSchedule } from '../../../api/models';
import { EmptyState, ErrorState } from '../../../components/PageState';
import { agencyTreeOptions, useAgencyTree } from '../../../lib/agency-tree';
import { describeError } from '../../../lib/describe-error';
import { formatNumber } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { fetchRunFile, saveFile } from '../../../lib/report-files';
import { useCreateSchedule, useDeleteSchedule, useReportResolutions, useSchedules } from '../api/reports';
import { describeSpan } from './report-period';
import { scheduleName } from './schedule-data';
import { ScheduleFormModal } from './ScheduleFormModal';
import { ScheduleRunsModal } from './ScheduleRunsModal';

interface Props {
  rootAgencyId: string;
  /** `me.actions.schedule_reports`: whether "Lập lịch báo cáo" is offered. */
  canCreate: boolean;
}

/** "Báo cáo định kỳ tự động": the schedules, what each produced, and (when allowed) a new one. */
export function SchedulesCard({ rootAgencyId, canCreate }: Props) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const schedules = useSchedules();
  const resolutions = useReportResolutions();
  const tree = useAgencyTree(rootAgencyId);
  const createSchedule = useCreateSchedule();
  const deleteSchedule = useDeleteSchedule();
  const [creating, setCreating] = useState(false);
  const [downloading, setDownloading] = useState<string | null>(null);
  const resolutionCode = useMemo(() => new Map((resolutions.data?.items ?? []).map((r) => [r.id, r.code])), [resolutions.data]);
  const agencyOptions = useMemo(() => (tree.data ? [agencyTreeOptions(tree.data)] : []), [tree.data]);
  const resolutionOptions = (resolutions.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.code} — ${r.title}` }));
  const nameOf = (s: Pick<ReportSchedule, 'agency_name' | 'period_kind' | 'format' | 'resolution_id'>) => scheduleName(s, t, s.resolution_id ? resolutionCode.get(s.resolution_id) : undefined);
  const openRuns = params.get('schedule');
  const openSchedule = schedules.data?.items.find((s) => s.id === openRuns);
  const setOpenRuns = (id: string | null) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (id) next.set('schedule', id);
      else next.delete('schedule');
      return next;
    });

  const download = async (run: ReportRun) => {
    setDownloading(run.id);
    try {
      saveFile(await fetchRunFile(run.id, run.filename));
    } catch (error) {
      void message.error(describeError(error, t));
    } finally {
      setDownloading(null);
    }
  };
  const remove = async (schedule: ReportSchedule) => {
    try {
      await deleteSchedule.mutateAsync(schedule.id);
      void message.success(t('schedules.deleted', { name: nameOf(schedule) }));
    } catch (error) {
      void message.error(describeError(error, t));
    }
  };

  const columns: TableColumnsType<ReportSchedule> = [
    { title: t('schedules.agency'), dataIndex: 'agency_name', key: 'agency' },
    { title: t('schedules.resolution'), key: 'resolution', render: (_, s) => (s.resolution_id ? (resolutionCode.get(s.resolution_id) ?? t('common.none')) : t('periodicReport.allResolutions')) },
    { title: t('schedules.periodKind'), key: 'kind', render: (_, s) => t(`schedules.kind.${s.period_kind}`) },
    { title: t('schedules.format'), key: 'format', render: (_, s) => t(`reportFormat.${s.format}`) },
    { title: t('schedules.recipients'), key: 'recipients', align: 'right', render: (_, s) => t('schedules.recipientsCount', { count: formatNumber(s.recipient_ids.length, language) }) },
    { title: t('schedules.nextPeriod'), key: 'next', render: (_, s) => describeSpan(s.period_kind, s.next_period, t, language) },
    {
      title: t('schedules.lastRun'),
      key: 'last',
      render: (_, s) =>
        s.last_run ? (
          <Button size="small" icon={<DownloadOutlined />} loading={downloading === s.last_run.id} onClick={() => s.last_run && void download(s.last_run)} aria-label={t('schedules.downloadRun', { filename: s.last_run.filename })}>
            {describeSpan(s.period_kind, s.last_run, t, language)}
          </Button>
        ) : (
          <Typography.Text type="secondary">{t('schedules.noRun')}</Typography.Text>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, s) => (
        <Space size={4} wrap>
          <Button size="small" icon={<HistoryOutlined />} onClick={() => setOpenRuns(s.id)}>
            {t('schedules.runs')}
          </Button>
          {s.actions.delete && (
            <Popconfirm title={t('schedules.deleteConfirm', { name: nameOf(s) })} okText={t('schedules.delete')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }} onConfirm={() => void remove(s)}>
              <Button size="small" danger icon={<DeleteOutlined />}>
                {t('schedules.delete')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  const extra = canCreate && (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
      {t('schedules.create')}
    </Button>
  );

  return (
    <Card title={t('schedules.title')} size="small" className="schedules-card" extra={extra}>
      <Typography.Paragraph type="secondary">{t('schedules.hint')}</Typography.Paragraph>
      {schedules.isError ? (
        <ErrorState error={schedules.error} onRetry={() => void schedules.refetch()} />
      ) : (
        <Table<ReportSchedule>
          rowKey="id"
          size="small"
          className="schedules-table"
          columns={columns}
          dataSource={schedules.data?.items ?? []}
          loading={schedules.isFetching}
          pagination={false}
          scroll={{ x: 960 }}
          locale={{ emptyText: schedules.isPending ? ' ' : <EmptyState description={t('schedules.empty')} /> }}
        />
      )}
      {creating && (
        <ScheduleFormModal
          agencyOptions={agencyOptions}
          resolutionOptions={resolutionOptions}
          defaultAgencyId={rootAgencyId}
          onSubmit={async (body) => {
            const created = await createSchedule.mutateAsync(body);
            void message.success(t('schedules.created', { name: nameOf(created) }));
            return created;
          }}
          onClose={() => setCreating(false)}
        />
      )}
      {openRuns && <ScheduleRunsModal scheduleId={openRuns} name={openSchedule ? nameOf(openSchedule) : undefined} downloading={downloading} onDownload={(run) => void download(run)} onClose={() => setOpenRuns(null)} />}
    </Card>
  );
}
