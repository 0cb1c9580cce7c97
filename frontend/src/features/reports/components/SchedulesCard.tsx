import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { ReportRun, ReportSchedule } from '../../../api/models';
import { EmptyState, ErrorState } from '../../../components/PageState';
import { agencyTreeOptions, useAgencyTree } from '../../../lib/agency-tree';
import { describeError } from '../../../lib/describe-error';
import { useI18n } from '../../../lib/i18n/i18n';
import { fetchRunFile, saveFile } from '../../../lib/report-files';
import { useCreateSchedule, useDeleteSchedule, useReportResolutions, useSchedules } from '../api/reports';
import { scheduleColumns } from './schedule-columns';
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

  const columns = scheduleColumns({ t, language, resolutionCode, downloading, nameOf, onDownload: (run) => void download(run), onOpenRuns: setOpenRuns, onDelete: (schedule) => void remove(schedule) });

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
