import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Typography } from 'antd';
import { FormSelect } from '../../../components/FormSelect';
import type { RuleObject } from 'antd/es/form';
import { useState } from 'react';
import { AGENCY_KINDS, type ReportingCalendar } from '../../../api/models';
import { describeError } from '../../../lib/describe-error';
import { useI18n } from '../../../lib/i18n/i18n';
import { ApiError } from '../../../lib/problem';
import { usePutCalendar } from '../api/reporting';
import { calendarServerErrors, calendarToForm, crossCheck, formToBody, parseDays, type CalendarFormValues } from './calendar-form';

/**
 * Sets the indicator's reporting calendar. Days are typed as text and refused with the reason unless
 * they are whole numbers from 0 to 366; nothing is clamped. The server's field errors go on the fields.
 */
export function CalendarFormModal({ calendar, onClose }: { calendar: ReportingCalendar; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const put = usePutCalendar(calendar.indicator_id);
  const [form] = Form.useForm<CalendarFormValues>();
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const labels = { days: t('calendar.days'), level: t('calendar.level'), approval: t('calendar.approvalDays'), report: t('calendar.reportDays') };

  const daysRule = (required: boolean): RuleObject => ({
    validator: (_, value: string | undefined) => {
      if (value === undefined || value === '') return required ? Promise.reject(new Error(t('calendar.daysRequired'))) : Promise.resolve();
      return parseDays(value) === null ? Promise.reject(new Error(t('calendar.daysInvalid'))) : Promise.resolve();
    },
  });

  const submit = async () => {
    let values: CalendarFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const cross = crossCheck(values, t);
    if (cross.length > 0) {
      form.setFields(cross);
      return;
    }
    setFormMessage(null);
    try {
      await put.mutateAsync(formToBody(values));
      void message.success(t('calendar.saved'));
      onClose();
    } catch (error) {
      const mapped = error instanceof ApiError ? calendarServerErrors(error.problem, describeError(error, t), t, labels) : { fields: [], formMessage: describeError(error, t) };
      form.setFields(mapped.fields);
      setFormMessage(mapped.formMessage);
    }
  };

  const daysInput = <Input inputMode="numeric" className="calendar-days" suffix={t('calendar.daysSuffix')} />;

  return (
    <Modal
      open
      title={calendar.configured ? t('calendar.edit') : t('calendar.create')}
      okText={t('common.save')}
      okButtonProps={{ loading: put.isPending }}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      width={560}
      destroyOnHidden
    >
      {formMessage && <Alert type="error" showIcon role="alert" className="form-alert" message={formMessage} />}
      <Form<CalendarFormValues> form={form} layout="vertical" name="reporting-calendar" initialValues={calendarToForm(calendar)}>
        <Form.Item label={labels.report} name="report_days" extra={t('calendar.reportDaysHelp')} rules={[daysRule(true)]}>
          {daysInput}
        </Form.Item>
        <Typography.Text strong>{t('calendar.levels')}</Typography.Text>
        <Form.List name="levels">
          {(fields, { add, remove }) => (
            <div className="calendar-levels">
              {fields.map((field) => (
                <div key={field.key} className="calendar-level-row">
                  <Form.Item name={[field.name, 'agency_kind']} rules={[{ required: true, message: t('calendar.levelRequired') }]} style={{ flex: 1 }}>
                    <FormSelect
                      aria-label={labels.level}
                      placeholder={labels.level}
                      options={AGENCY_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'report_days']} rules={[daysRule(true)]}>
                    <Input inputMode="numeric" className="calendar-days" aria-label={labels.days} suffix={t('calendar.daysSuffix')} />
                  </Form.Item>
                  <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('calendar.removeLevel')} onClick={() => remove(field.name)} />
                </div>
              ))}
              {fields.length < AGENCY_KINDS.length && (
                <Form.Item>
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ report_days: '' })}>
                    {t('calendar.addLevel')}
                  </Button>
                </Form.Item>
              )}
            </div>
          )}
        </Form.List>
        <Form.Item label={labels.approval} name="approval_days" extra={t('calendar.approvalDaysHelp')} rules={[daysRule(false)]}>
          {daysInput}
        </Form.Item>
      </Form>
    </Modal>
  );
}
