import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { describeError } from '../../../lib/describe-error';
import { useI18n, type Translate } from '../../../lib/i18n/i18n';
import { ApiError } from '../../../lib/problem';
import type { Credentials } from '../api/login';

function loginErrorMessage(error: unknown, t: Translate): string {
  if (error instanceof ApiError && error.status === 401) return t('login.badCredentials');
  if (error instanceof ApiError && error.status === 429) {
    return error.retryAfterSeconds !== null ? t('login.tooMany', { seconds: error.retryAfterSeconds }) : t('login.tooManyNoWait');
  }
  return describeError(error, t);
}

export interface LoginFormProps {
  onLogin: (credentials: Credentials) => Promise<void>;
}

export function LoginForm({ onLogin }: LoginFormProps) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const onFinish = async (values: Credentials) => {
    setSubmitting(true);
    setError(null);
    try {
      await onLogin({ username: values.username.trim(), password: values.password });
    } catch (e) {
      setError(loginErrorMessage(e, t));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Form<Credentials> layout="vertical" requiredMark={false} onFinish={(v) => void onFinish(v)} size="large" name="login">
      {error && <Alert type="error" showIcon message={error} role="alert" className="form-alert" />}
      <Form.Item
        label={t('login.username')}
        name="username"
        rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('login.username').toLowerCase() }) }]}
      >
        <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
      </Form.Item>
      <Form.Item
        label={t('login.password')}
        name="password"
        rules={[{ required: true, message: t('common.required', { field: t('login.password').toLowerCase() }) }]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={submitting}>
        {t('login.submit')}
      </Button>
    </Form>
  );
}
