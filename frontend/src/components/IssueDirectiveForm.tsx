import { Alert, App, Button, DatePicker, Form, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { Directive, IssueDirectiveBody } from '../api/models';
import { describeError } from '../lib/describe-error';
import { formatDate } from '../lib/format';
import { useI18n } from '../lib/i18n/i18n';
import { ApiError, problemToForm } from '../lib/problem';
import { isPastDue, localToday } from '../lib/directive-rules';
import { DirectiveTextItem } from './DirectiveText';

const FIELDS = ['text', 'due_date'] as const;

interface Values {
  text?: string;
  due_date?: Dayjs | null;
}

interface Props {
  /** Whom the directive goes to (the task's lead agency, the series' source), in a sentence. */
  recipient: string;
  onSubmit: (body: IssueDirectiveBody) => Promise<Directive>;
}

/**
 * "Ban hành chỉ đạo": shown by the task page only when the task's `actions.issue_directive`, by the
 * indicator page only when the chosen series' `actions.issue_directive`.
 */
export function IssueDirectiveForm({ recipient, onSubmit }: Props) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const dateFormat = language === 'vi' ? 'DD/MM/YYYY' : 'D MMM YYYY';

  const submit = async (values: Values) => {
    setFormMessage(null);
    setSaving(true);
    try {
      await onSubmit({ text: values.text ?? '', ...(values.due_date ? { due_date: values.due_date.format('YYYY-MM-DD') } : {}) });
      form.resetFields();
      void message.success(t('directives.issued'));
    } catch (error) {
      const mapped =
        error instanceof ApiError
          ? problemToForm(error.problem, FIELDS, describeError(error, t), t, { text: t('directives.text'), due_date: t('directives.dueDate') })
          : { fields: [], formMessage: describeError(error, t) };
      form.setFields(mapped.fields);
      setFormMessage(mapped.formMessage);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<Values> form={form} layout="vertical" name="issue-directive" onFinish={(v) => void submit(v)}>
      {formMessage && <Alert type="error" showIcon role="alert" className="form-alert" message={formMessage} />}
      <Typography.Paragraph type="secondary" className="directive-recipient">
        {recipient}
      </Typography.Paragraph>
      <DirectiveTextItem name="text" label={t('directives.text')} />
      <Form.Item
        label={t('directives.dueDate')}
        name="due_date"
        extra={t('directives.dueHint')}
        rules={[
          {
            validator: (_, due: Dayjs | null | undefined) => {
              const today = localToday();
              return due && isPastDue(due.format('YYYY-MM-DD'), today)
                ? Promise.reject(new Error(t('directives.pastDue', { today: formatDate(today, language) })))
                : Promise.resolve();
            },
          },
        ]}
      >
        <DatePicker format={dateFormat} placeholder={t('directives.duePlaceholder')} style={{ width: '100%' }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={saving}>
        {t('directives.issue')}
      </Button>
    </Form>
  );
}
