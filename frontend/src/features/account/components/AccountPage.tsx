import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Form, Input, Row, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { LoadingState } from '../../../components/PageState';
import { useCurrentUser } from '../../../lib/current-user';
import { describeError } from '../../../lib/describe-error';
import { formatDateTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { ApiError, problemToForm, type ProblemForForm } from '../../../lib/problem';
import { signOut } from '../../../lib/sign-out';
import { useChangePassword } from '../api/password';
import { NotificationSettingsCard } from './NotificationSettingsCard';
import { SessionsCard } from './SessionsCard';
import { TotpCard } from './TotpCard';

interface PasswordForm {
  current_password: string;
  new_password: string;
  confirm: string;
}

// Same rule as the API: 10–128 characters.
const MIN_PASSWORD = 10;
const MAX_PASSWORD = 128;

export function AccountPage() {
  const { t, language } = useI18n();
  const me = useCurrentUser();
  const changePassword = useChangePassword();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<PasswordForm>();
  const [formMessage, setFormMessage] = useState<string | null>(null);

  if (!me.data) return <LoadingState />;
  const user = me.data;

  const submit = async ({ current_password, new_password }: PasswordForm) => {
    setFormMessage(null);
    try {
      await changePassword.mutateAsync({ current_password, new_password });
      await signOut(queryClient, 'password_changed');
      void navigate('/login', { replace: true });
    } catch (error) {
      const mapped =
        error instanceof ApiError
          ? problemToForm(error.problem, ['current_password', 'new_password'] as const, describeError(error, t), t, { current_password: t('account.currentPassword'), new_password: t('account.newPassword') })
          : { fields: [], formMessage: describeError(error, t) } satisfies ProblemForForm<keyof PasswordForm>;
      form.setFields(mapped.fields);
      setFormMessage(mapped.formMessage);
    }
  };

  return (
    <div className="page">
      <Typography.Title level={1} className="page-header page-title">
        {t('account.title')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('account.profile')}>
            <Descriptions column={1} size="small" bordered labelStyle={{ width: 150 }}>
              <Descriptions.Item label={t('users.username')}>{user.username}</Descriptions.Item>
              <Descriptions.Item label={t('users.displayName')}>{user.display_name}</Descriptions.Item>
              <Descriptions.Item label={t('users.agency')}>{`${user.agency.code} — ${user.agency.name}`}</Descriptions.Item>
              <Descriptions.Item label={t('users.roles')}>
                {user.roles.map((r) => (
                  <Tag key={r} bordered={false} color={r === 'admin' ? 'red' : 'blue'}>
                    {t(`role.${r}`)}
                  </Tag>
                ))}
              </Descriptions.Item>
              <Descriptions.Item label={t('agencies.createdAt')}>{formatDateTime(user.created_at, language)}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('account.changePassword')}>
            {user.actions.change_password ? (
              <>
                <Alert type="info" showIcon message={t('account.passwordHint')} className="form-alert" />
                {formMessage && <Alert type="error" showIcon role="alert" message={formMessage} className="form-alert" />}
                <Form<PasswordForm> form={form} layout="vertical" name="password" onFinish={(v) => void submit(v)}>
                  <Form.Item
                    label={t('account.currentPassword')}
                    name="current_password"
                    rules={[{ required: true, message: t('common.required', { field: t('account.currentPassword').toLowerCase() }) }]}
                  >
                    <Input.Password autoComplete="current-password" />
                  </Form.Item>
                  <Form.Item
                    label={t('account.newPassword')}
                    name="new_password"
                    rules={[
                      { required: true, message: t('common.required', { field: t('account.newPassword').toLowerCase() }) },
                      { min: MIN_PASSWORD, message: t('account.passwordTooShort', { min: MIN_PASSWORD }) },
                      { max: MAX_PASSWORD },
                    ]}
                  >
                    <Input.Password autoComplete="new-password" />
                  </Form.Item>
                  <Form.Item
                    label={t('account.confirmPassword')}
                    name="confirm"
                    dependencies={['new_password']}
                    rules={[
                      { required: true, message: t('common.required', { field: t('account.confirmPassword').toLowerCase() }) },
                      ({ getFieldValue }) => ({
                        validator: (_, value) =>
                          !value || getFieldValue('new_password') === value ? Promise.resolve() : Promise.reject(new Error(t('account.passwordMismatch'))),
                      }),
                    ]}
                  >
                    <Input.Password autoComplete="new-password" />
                  </Form.Item>
                  <Button type="primary" htmlType="submit" loading={changePassword.isPending}>
                    {t('account.changePassword')}
                  </Button>
                </Form>
              </>
            ) : (
              <Alert type="info" showIcon message={t('account.noPassword')} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <TotpCard username={user.username} />
        </Col>
        <Col xs={24} lg={12}>
          <NotificationSettingsCard />
        </Col>
        <Col xs={24}>
          <SessionsCard />
        </Col>
      </Row>
    </div>
  );
}
