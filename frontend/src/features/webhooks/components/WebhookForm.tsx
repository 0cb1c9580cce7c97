import { Alert, Button, Card, Checkbox, Form, Input } from 'antd';
import { useState } from 'react';
import { WEBHOOK_EVENTS, type NewWebhook } from '../../../api/models';
import { useI18n } from '../../../lib/i18n/i18n';
import { useCreateWebhook } from '../api/webhooks';
import { webhookProblemToForm, type WebhookFormValues } from './webhook-form';

interface Props {
  apiKeyId: string;
  onCreated: (webhook: NewWebhook) => void;
}

/**
 * "Thêm webhook": the receiving URL, sent as typed (the server says why it refuses one), and the
 * events to receive. Nothing is sent without a URL and an event.
 */
export function WebhookForm({ apiKeyId, onCreated }: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<WebhookFormValues>();
  const create = useCreateWebhook();
  const [formMessage, setFormMessage] = useState<string | null>(null);

  const submit = (values: WebhookFormValues) => {
    setFormMessage(null);
    create.mutate(
      { url: values.url ?? '', events: values.events ?? [], api_key_id: apiKeyId },
      {
        onSuccess: (webhook) => {
          form.resetFields();
          onCreated(webhook);
        },
        onError: (error) => {
          const mapped = webhookProblemToForm(error, t);
          form.setFields(mapped.fields);
          setFormMessage(mapped.formMessage);
        },
      },
    );
  };

  return (
    <Card size="small" title={t('webhooks.add')} className="webhook-form">
      {formMessage && <Alert type="error" showIcon role="alert" className="form-alert" message={formMessage} />}
      <Form<WebhookFormValues> form={form} layout="vertical" name="webhook" onFinish={submit}>
        <Form.Item
          name="url"
          label={t('webhooks.url')}
          extra={t('webhooks.urlHelp')}
          rules={[
            { required: true, whitespace: true, message: t('webhooks.urlRequired') },
            { max: 2000, message: t('plan.tooLong', { max: 2000 }) },
          ]}
        >
          <Input inputMode="url" autoComplete="off" spellCheck={false} placeholder="https://" />
        </Form.Item>
        {/* The checkboxes are one group named by the label (a label cannot name a group by itself). */}
        <Form.Item label={t('webhooks.events')} required>
          <div role="group" aria-label={t('webhooks.events')}>
            <Form.Item name="events" noStyle rules={[{ required: true, type: 'array', min: 1, message: t('webhooks.eventsRequired') }]}>
              <Checkbox.Group className="webhook-events" options={WEBHOOK_EVENTS.map((event) => ({ value: event, label: t(`webhooks.event.${event}`) }))} />
            </Form.Item>
          </div>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('webhooks.submit')}
        </Button>
      </Form>
    </Card>
  );
}
