import { Alert, App, Button, Card, Form, Input, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { NOTIFY_MODES, type NotificationSettings, type NotifyMode } from '../../../api/models';
import { ErrorState, LoadingState } from '../../../components/PageState';
import { describeError } from '../../../lib/describe-error';
import { useI18n } from '../../../lib/i18n/i18n';
import { ApiError, problemToForm } from '../../../lib/problem';
import { useNotificationSettings, usePutNotificationSettings } from '../api/notification-settings';

interface SettingsForm {
  email: string;
  notify: NotifyMode;
}

const toForm = (s: NotificationSettings): SettingsForm => ({ email: s.email ?? '', notify: s.notify });

/**
 * Where and how notifications reach the user by e-mail. The address is sent as typed (an empty
 * field means none): the server judges it, and its refusal shows next to the field.
 */
export function NotificationSettingsCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const settings = useNotificationSettings();
  const save = usePutNotificationSettings();
  const [form] = Form.useForm<SettingsForm>();
  const [formMessage, setFormMessage] = useState<string | null>(null);

  const submit = async (values: SettingsForm) => {
    setFormMessage(null);
    try {
      const saved = await save.mutateAsync({ email: values.email === '' ? null : values.email, notify: values.notify });
      form.setFieldsValue(toForm(saved));
      void message.success(t('notifySettings.saved'));
    } catch (error) {
      const mapped =
        error instanceof ApiError
          ? problemToForm(error.problem, ['email', 'notify'] as const, describeError(error, t), t, { email: t('notifySettings.email'), notify: t('notifySettings.mode') })
          : { fields: [], formMessage: describeError(error, t) };
      form.setFields(mapped.fields);
      setFormMessage(mapped.formMessage);
    }
  };

  return (
    <Card size="small" title={t('notifySettings.title')} className="notification-settings">
      {settings.isPending ? (
        <LoadingState />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <>
          {!settings.data.mail_enabled && <Alert type="warning" showIcon className="form-alert" message={t('notifySettings.mailDisabled')} data-testid="mail-disabled" />}
          {formMessage && <Alert type="error" showIcon role="alert" className="form-alert" message={formMessage} />}
          <Form<SettingsForm> form={form} layout="vertical" name="notification-settings" initialValues={toForm(settings.data)} onFinish={(v) => void submit(v)}>
            <Form.Item label={t('notifySettings.email')} name="email" extra={t('notifySettings.emailHelp')}>
              <Input inputMode="email" autoComplete="email" maxLength={254} placeholder="ten@coquan.gov.vn" />
            </Form.Item>
            <Form.Item label={t('notifySettings.mode')} name="notify">
              <Radio.Group>
                <Space direction="vertical">
                  {NOTIFY_MODES.map((mode) => (
                    <Radio key={mode} value={mode}>
                      {t(`notifyMode.${mode}`)}
                      <Typography.Text type="secondary" className="notify-mode-help">
                        {' — '}
                        {t(`notifyMode.${mode}Help`)}
                      </Typography.Text>
                    </Radio>
                  ))}
                </Space>
              </Radio.Group>
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Form>
        </>
      )}
    </Card>
  );
}
