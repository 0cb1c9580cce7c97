import { CalendarOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { AgencyKind, PeriodDeadlines, ReportingCalendar } from '../../../api/models';
import { LockedTag } from '../../../components/DeadlineTags';
import { ErrorState, LoadingState } from '../../../components/PageState';
import { describeError } from '../../../lib/describe-error';
import { formatDate } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { describePeriod } from '../../../lib/periods';
import { useCalendar, useDeleteCalendar } from '../api/reporting';
import { CalendarFormModal } from './CalendarFormModal';

/**
 * "Lịch báo cáo": when the indicator's figures are due (by default and per agency level), when they
 * must be approved before the period locks, and the deadlines of its recent periods. Planners whose
 * `actions.edit` allows it set or remove the calendar.
 */
export function CalendarCard({ indicatorId }: { indicatorId: string }) {
  const { t } = useI18n();
  const calendar = useCalendar(indicatorId);
  const [editing, setEditing] = useState(false);

  return (
    <Card
      size="small"
      className="section calendar-card"
      data-testid="calendar-card"
      title={
        <Space size={8}>
          <CalendarOutlined />
          {t('calendar.title')}
        </Space>
      }
      extra={calendar.data?.actions.edit && <CalendarActions calendar={calendar.data} onEdit={() => setEditing(true)} />}
    >
      {calendar.isPending ? (
        <LoadingState />
      ) : calendar.isError ? (
        <ErrorState error={calendar.error} onRetry={() => void calendar.refetch()} />
      ) : (
        <CalendarBody calendar={calendar.data} />
      )}
      {editing && calendar.data && <CalendarFormModal calendar={calendar.data} onClose={() => setEditing(false)} />}
    </Card>
  );
}

function CalendarActions({ calendar, onEdit }: { calendar: ReportingCalendar; onEdit: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const remove = useDeleteCalendar(calendar.indicator_id);
  return (
    <Space size={4} wrap>
      <Button size="small" icon={<EditOutlined />} onClick={onEdit}>
        {calendar.configured ? t('calendar.edit') : t('calendar.create')}
      </Button>
      {calendar.configured && (
        <Popconfirm
          title={t('calendar.removeConfirm')}
          okText={t('calendar.remove')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          onConfirm={() =>
            void remove.mutateAsync().then(
              () => void message.success(t('calendar.removed')),
              (error: unknown) => void message.error(describeError(error, t)),
            )
          }
        >
          <Button size="small" danger icon={<DeleteOutlined />} loading={remove.isPending}>
            {t('calendar.remove')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}

function CalendarBody({ calendar: c }: { calendar: ReportingCalendar }) {
  const { t, language } = useI18n();
  const date = (d: string | null | undefined) => formatDate(d, language);
  // One column per agency level with a deadline of its own, in the calendar's order.
  const levelKinds: AgencyKind[] = c.levels.map((l) => l.agency_kind);
  const columns: ColumnsType<PeriodDeadlines> = [
    { title: t('calendar.period'), dataIndex: 'period', key: 'period', render: (p: string) => <Typography.Text strong>{describePeriod(p, t)}</Typography.Text> },
    { title: t('calendar.periodEnd'), dataIndex: 'period_end', key: 'end', render: date },
    { title: t('calendar.reportDue'), dataIndex: 'report_due', key: 'due', render: date },
    ...levelKinds.map((kind) => ({
      title: t('calendar.reportDueLevel', { kind: t(`kind.${kind}`) }),
      key: `level-${kind}`,
      render: (_: unknown, p: PeriodDeadlines) => date(p.levels.find((l) => l.agency_kind === kind)?.report_due),
    })),
    { title: t('calendar.approvalDue'), dataIndex: 'approval_due', key: 'approval', render: date },
    {
      title: t('calendar.state'),
      key: 'state',
      render: (_, p) =>
        p.locked ? (
          <LockedTag />
        ) : (
          <Tag color="green" bordered={false}>
            {t('locked.open')}
          </Tag>
        ),
    },
  ];

  return (
    <>
      {!c.configured ? (
        <Alert type="info" showIcon className="form-alert" message={t('calendar.notConfigured', { days: c.report_days })} />
      ) : (
        <Descriptions size="small" bordered column={{ xs: 1, md: 3 }} className="calendar-rules">
          <Descriptions.Item label={t('calendar.reportDays')}>{t('calendar.reportDaysValue', { days: c.report_days })}</Descriptions.Item>
          <Descriptions.Item label={t('calendar.levels')}>
            {c.levels.length === 0 ? (
              <Typography.Text type="secondary">{t('calendar.noLevels')}</Typography.Text>
            ) : (
              <Space size={4} wrap>
                {c.levels.map((l) => (
                  <Tag key={l.agency_kind} bordered={false}>
                    {t('calendar.levelValue', { kind: t(`kind.${l.agency_kind}`), days: l.report_days })}
                  </Tag>
                ))}
              </Space>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('calendar.approvalDays')}>
            {c.approval_days === null || c.approval_days === undefined ? t('calendar.noApproval') : t('calendar.approvalDaysValue', { days: c.approval_days })}
          </Descriptions.Item>
        </Descriptions>
      )}
      <Typography.Text strong className="calendar-periods-title">
        {t('calendar.periods')}
      </Typography.Text>
      <Table<PeriodDeadlines>
        className="calendar-periods"
        rowKey="period"
        size="small"
        columns={columns}
        dataSource={c.periods}
        pagination={false}
        scroll={{ x: 640 }}
        rowClassName={(p) => (p.locked ? 'period-locked' : '')}
      />
    </>
  );
}
