import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Typography } from 'antd';
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

const problemCode = (error: unknown) => (error instanceof ApiError ? error.problem?.code : undefined);

export interface LoginFormProps {
  onLogin: (credentials: Credentials) => Promise<void>;
}

interface PasswordValues {
  username: string;
  password: string;
}

interface CodeValues {
  code: string;
}

/** A TOTP code is six digits, typed as the app shows them (no spaces removed for the user). */
const TOTP_CODE = /^\d{6}$/;

/**
 * The login: user name and password; when the account uses a second factor (401
 * `second_factor_required`), a second step asks for the authenticator app's code — or a recovery
 * code — and sends it with the same user name and password.
 */
export function LoginForm({ onLogin }: LoginFormProps) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [pending, setPending] = useState<PasswordValues | null>(null);
  const [useRecovery, setUseRecovery] = useState(false);
  /** The server's refusal of the code, shown next to the field until it is edited. */
  const [codeError, setCodeError] = useState<string | null>(null);
  const [codeForm] = Form.useForm<CodeValues>();

  const onPassword = async (values: PasswordValues) => {
    const credentials = { username: values.username.trim(), password: values.password };
    setSubmitting(true);
    setError(null);
    try {
      await onLogin(credentials);
    } catch (e) {
      if (problemCode(e) === 'second_factor_required') {
        setPending(credentials);
        setUseRecovery(false);
      } else {
        setError(loginErrorMessage(e, t));
      }
    } finally {
      setSubmitting(false);
    }
  };

  const onCode = async ({ code }: CodeValues) => {
    if (!pending) return;
    setSubmitting(true);
    setError(null);
    setCodeError(null);
    try {
      await onLogin(useRecovery ? { ...pending, recovery_code: code.trim() } : { ...pending, totp_code: code });
    } catch (e) {
      const code = problemCode(e);
      if (code === 'second_factor_invalid' || code === 'second_factor_required') {
        setCodeError(t(`errorCode.${code}`));
      } else {
        setError(loginErrorMessage(e, t));
      }
    } finally {
      setSubmitting(false);
    }
  };

  const switchCodeKind = () => {
    setUseRecovery((v) => !v);
    setCodeError(null);
    codeForm.resetFields();
  };

  const back = () => {
    setPending(null);
    setError(null);
    setCodeError(null);
    codeForm.resetFields();
  };

  if (pending) {
    const label = useRecovery ? t('login.recoveryCode') : t('login.totpCode');
    return (
      <Form<CodeValues>
        form={codeForm}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => void onCode(v)}
        onValuesChange={() => setCodeError(null)}
        size="large"
        name="login-second-factor"
      >
        {error && <Alert type="error" showIcon message={error} role="alert" className="form-alert" />}
        <Typography.Paragraph data-testid="second-factor-hint">{useRecovery ? t('login.recoveryHint') : t('login.totpHint')}</Typography.Paragraph>
        <Form.Item
          label={label}
          name="code"
          {...(codeError ? { validateStatus: 'error' as const, help: codeError } : {})}
          rules={[
            { required: true, whitespace: true, message: t('common.required', { field: label.toLowerCase() }) },
            ...(useRecovery ? [] : [{ pattern: TOTP_CODE, message: t('login.totpCodeFormat') }]),
          ]}
        >
          <Input
            prefix={<SafetyOutlined />}
            autoComplete="one-time-code"
            inputMode={useRecovery ? 'text' : 'numeric'}
            maxLength={useRecovery ? 64 : 6}
            autoFocus
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting}>
          {t('login.verify')}
        </Button>
        <div className="login-second-factor-links">
          <Button type="link" onClick={switchCodeKind}>
            {useRecovery ? t('login.useTotp') : t('login.useRecovery')}
          </Button>
          <Button type="link" onClick={back}>
            {t('login.back')}
          </Button>
        </div>
      </Form>
    );
  }

  return (
    <Form<PasswordValues> layout="vertical" requiredMark={false} onFinish={(v) => void onPassword(v)} size="large" name="login">
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
