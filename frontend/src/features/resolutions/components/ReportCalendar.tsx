import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { FREQUENCIES, type Frequency, type Resolution } from '../../../api/models';
import { describeError } from '../../../lib/describe-error';
import { useI18n } from '../../../lib/i18n/i18n';
import { ApiError, problemToForm } from '../../../lib/problem';
import { useSetReportCalendar } from '../api/resolutions';
import { describeReportCalendar, parseDueDay } from './report-calendar';

/** The resolution's progress-report calendar, set or removed when its `actions.edit` allows. */
export function ReportCalendarValue({ resolution }: { resolution: Resolution }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  const set = useSetReportCalendar(resolution.id);
  const calendar = resolution.report_calendar ?? null;
  return (
    <Space size={4} wrap className="report-calendar" data-testid="report-calendar">
      <Typography.Text type={calendar ? undefined : 'secondary'}>{describeReportCalendar(calendar, t)}</Typography.Text>
      {resolution.actions.edit && (
        <>
          <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(true)}>
            {calendar ? t('reportCalendar.edit') : t('reportCalendar.set')}
          </Button>
          {calendar && (
            <Popconfirm
              title={t('reportCalendar.removeConfirm')}
              okText={t('reportCalendar.remove')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() =>
                void set.mutateAsync(null).then(
                  () => void message.success(t('reportCalendar.removed')),
                  (error: unknown) => void message.error(describeError(error, t)),
                )
              }
            >
              <Button size="small" type="link" danger icon={<DeleteOutlined />}>
                {t('reportCalendar.remove')}
              </Button>
            </Popconfirm>
          )}
        </>
      )}
      {editing && <ReportCalendarModal resolution={resolution} onClose={() => setEditing(false)} />}
    </Space>
  );
}

interface CalendarForm {
  frequency: Frequency;
  due_day: string;
}

function ReportCalendarModal({ resolution, onClose }: { resolution: Resolution; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const set = useSetReportCalendar(resolution.id);
  const [form] = Form.useForm<CalendarForm>();
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const labels = { frequency: t('reportCalendar.frequency'), due_day: t('reportCalendar.dueDay') };
  const current = resolution.report_calendar;

  const submit = async () => {
    let values: CalendarForm;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setFormMessage(null);
    try {
      await set.mutateAsync({ frequency: values.frequency, due_day: parseDueDay(values.due_day) ?? Number.NaN });
      void message.success(t('reportCalendar.saved'));
      onClose();
    } catch (error) {
      const mapped = error instanceof ApiError ? problemToForm(error.problem, ['frequency', 'due_day'] as const, describeError(error, t), t, labels) : { fields: [], formMessage: describeError(error, t) };
      form.setFields(mapped.fields);
      setFormMessage(mapped.formMessage);
    }
  };

  return (
    <Modal
      open
      title={t('reportCalendar.title')}
      okText={t('common.save')}
      okButtonProps={{ loading: set.isPending }}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{`${resolution.code} — ${resolution.title}`}</Typography.Paragraph>
      {formMessage && <Alert type="error" showIcon role="alert" className="form-alert" message={formMessage} />}
      <Form<CalendarForm> form={form} layout="vertical" name="report-calendar" initialValues={{ frequency: current?.frequency ?? 'monthly', due_day: current ? String(current.due_day) : '' }}>
        <Form.Item label={labels.frequency} name="frequency" rules={[{ required: true }]}>
          <Select options={FREQUENCIES.map((f) => ({ value: f, label: t(`frequency.${f}`) }))} />
        </Form.Item>
        <Form.Item
          label={labels.due_day}
          name="due_day"
          extra={t('reportCalendar.dueDayHelp')}
          rules={[{ validator: (_, v: string | undefined) => (parseDueDay(v) === null ? Promise.reject(new Error(t('reportCalendar.dueDayInvalid'))) : Promise.resolve()) }]}
        >
          <Input inputMode="numeric" style={{ width: 120 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
