import { DeleteOutlined, DownloadOutlined, HistoryOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Space, Typography, type TableColumnsType } from 'antd';
import type { ReportRun, ReportSchedule } from '../../../api/models';
import { formatNumber } from '../../../lib/format';
import type { Language, Translate } from '../../../lib/i18n/i18n';
import { describeSpan } from './report-period';

interface ColumnsArgs {
  t: Translate;
  language: Language;
  /** Resolution id → code, for the scope's column. */
  resolutionCode: Map<string, string>;
  /** The run being downloaded, whose button spins. */
  downloading: string | null;
  nameOf: (schedule: ReportSchedule) => string;
  onDownload: (run: ReportRun) => void;
  onOpenRuns: (scheduleId: string) => void;
  onDelete: (schedule: ReportSchedule) => void;
}

/** The schedules' columns: scope, kind and format in words, recipients, next period, last run, and what its `actions` allow. */
export function scheduleColumns({ t, language, resolutionCode, downloading, nameOf, onDownload, onOpenRuns, onDelete }: ColumnsArgs): TableColumnsType<ReportSchedule> {
  return [
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
          <Button size="small" icon={<DownloadOutlined />} loading={downloading === s.last_run.id} onClick={() => s.last_run && onDownload(s.last_run)} title={s.last_run.filename}>
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
          <Button size="small" icon={<HistoryOutlined />} onClick={() => onOpenRuns(s.id)}>
            {t('schedules.runs')}
          </Button>
          {s.actions.delete && (
            <Popconfirm title={t('schedules.deleteConfirm', { name: nameOf(s) })} okText={t('schedules.delete')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }} onConfirm={() => onDelete(s)}>
              <Button size="small" danger icon={<DeleteOutlined />}>
                {t('schedules.delete')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];
}
