import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { TotpEnrolment } from '../../../api/models';
import { ErrorState, LoadingState } from '../../../components/PageState';
import { describeError } from '../../../lib/describe-error';
import { useI18n } from '../../../lib/i18n/i18n';
import { ApiError, problemToForm } from '../../../lib/problem';
import { useConfirmTotp, useDisableTotp, useStartTotp, useTotpStatus } from '../api/totp';
import { recoveryCodesText, svgDataUrl } from './totp-text';

const TOTP_CODE = /^\d{6}$/;

/**
 * A form's failure: field errors next to the field (`field`, labelled `label`), the rest above the form.
 */
function placeProblem(error: unknown, field: string, label: string, t: ReturnType<typeof useI18n>['t']) {
  if (!(error instanceof ApiError)) return { fields: [], formMessage: describeError(error, t) };
  return problemToForm(error.problem, [field] as const, describeError(error, t), t, { [field]: label });
}

export interface TotpCardProps {
  username: string;
  /** After the recovery codes were shown and the user said they kept them (the enrol-only session goes on). */
  onEnrolled?: () => void;
  /** The label of the button that closes the recovery codes. */
  savedLabel?: string;
}

/** "Xác thực hai lớp": status, enrolment (QR code, secret, confirmation, recovery codes) and turning it off. */
export function TotpCard({ username, onEnrolled, savedLabel }: TotpCardProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const status = useTotpStatus();
  const start = useStartTotp();
  const confirm = useConfirmTotp();
  const disable = useDisableTotp();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [disabling, setDisabling] = useState(false);
  const [enabling, setEnabling] = useState(false);
  const [formMessage, setFormMessage] = useState<string | null>(null);
  /** The server's refusals of a field, shown next to it until it is edited. */
  const [codeError, setCodeError] = useState<string | null>(null);
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const [codeForm] = Form.useForm<{ code: string }>();
  const [passwordForm] = Form.useForm<{ current_password: string }>();

  const onStart = async ({ current_password }: { current_password: string }) => {
    setFormMessage(null);
    setPasswordError(null);
    try {
      setEnrolment(await start.mutateAsync(current_password));
      setEnabling(false);
      passwordForm.resetFields();
    } catch (error) {
      const mapped = placeProblem(error, 'current_password', t('account.currentPassword'), t);
      setPasswordError(mapped.fields.flatMap((f) => f.errors).join(' ') || null);
      setFormMessage(mapped.formMessage);
    }
  };

  /** The current password, before turning two-step verification on (`enabling`) or off. */
  const passwordStep = (mode: 'enable' | 'disable') => (
    <Form<{ current_password: string }>
      form={passwordForm}
      layout="vertical"
      name={`totp-${mode}`}
      onFinish={(v) => void (mode === 'enable' ? onStart(v) : onDisable(v))}
      onValuesChange={() => setPasswordError(null)}
    >
      <Typography.Paragraph>{mode === 'enable' ? t('totp.enableHint') : t('totp.disableHint')}</Typography.Paragraph>
      <Form.Item
        label={t('account.currentPassword')}
        name="current_password"
        {...(passwordError ? { validateStatus: 'error' as const, help: passwordError } : {})}
        rules={[{ required: true, message: t('common.required', { field: t('account.currentPassword').toLowerCase() }) }]}
      >
        <Input.Password autoComplete="current-password" style={{ maxWidth: 320 }} />
      </Form.Item>
      <Space>
        {mode === 'enable' ? (
          <Button type="primary" htmlType="submit" loading={start.isPending}>
            {t('totp.continue')}
          </Button>
        ) : (
          <Button danger htmlType="submit" loading={disable.isPending}>
            {t('totp.disableTitle')}
          </Button>
        )}
        <Button
          onClick={() => {
            setEnabling(false);
            setDisabling(false);
            setPasswordError(null);
          }}
        >
          {t('totp.cancel')}
        </Button>
      </Space>
    </Form>
  );

  const onConfirm = async ({ code }: { code: string }) => {
    setFormMessage(null);
    setCodeError(null);
    try {
      const codes = await confirm.mutateAsync(code);
      setEnrolment(null);
      setRecoveryCodes(codes);
      codeForm.resetFields();
    } catch (error) {
      const mapped = placeProblem(error, 'code', t('totp.code'), t);
      setCodeError(mapped.fields.flatMap((f) => f.errors).join(' ') || null);
      setFormMessage(mapped.formMessage);
    }
  };

  const onDisable = async ({ current_password }: { current_password: string }) => {
    setFormMessage(null);
    setPasswordError(null);
    try {
      await disable.mutateAsync(current_password);
      setDisabling(false);
      passwordForm.resetFields();
      void message.success(t('totp.disabled'));
    } catch (error) {
      const mapped = placeProblem(error, 'current_password', t('account.currentPassword'), t);
      setPasswordError(mapped.fields.flatMap((f) => f.errors).join(' ') || null);
      setFormMessage(mapped.formMessage);
    }
  };

  const codesText = recoveryCodes ? recoveryCodesText(t('totp.fileHeader', { app: t('app.name'), username }), recoveryCodes) : '';

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(codesText);
      void message.success(t('totp.copied'));
    } catch (error) {
      setFormMessage(describeError(error, t));
    }
  };

  const download = () => {
    const url = URL.createObjectURL(new Blob([codesText], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `ma-khoi-phuc-${username}.txt`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  const closeCodes = () => {
    setRecoveryCodes(null);
    onEnrolled?.();
  };

  const body = () => {
    if (recoveryCodes) {
      return (
        <div data-testid="recovery-codes">
          <Alert type="warning" showIcon message={t('totp.recoveryWarning')} className="form-alert" />
          <Typography.Text strong>{t('totp.recoveryTitle')}</Typography.Text>
          <ol className="recovery-codes">
            {recoveryCodes.map((c) => (
              <li key={c}>
                <Typography.Text code className="recovery-code">
                  {c}
                </Typography.Text>
              </li>
            ))}
          </ol>
          <Space wrap>
            <Button icon={<CopyOutlined />} onClick={() => void copy()}>
              {t('totp.copy')}
            </Button>
            <Button icon={<DownloadOutlined />} onClick={download}>
              {t('totp.download')}
            </Button>
            <Button type="primary" onClick={closeCodes}>
              {savedLabel ?? t('totp.saved')}
            </Button>
          </Space>
        </div>
      );
    }
    if (enrolment) {
      return (
        <div data-testid="totp-enrolment">
          <Typography.Paragraph>{t('totp.scan')}</Typography.Paragraph>
          <Flex gap={16} wrap align="flex-start">
            <img src={svgDataUrl(enrolment.qr_svg)} alt={t('totp.qrAlt')} width={200} height={200} className="totp-qr" />
            <div>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
                {t('totp.secret')}
              </Typography.Paragraph>
              <Typography.Text code copyable className="totp-secret" data-testid="totp-secret">
                {enrolment.secret}
              </Typography.Text>
            </div>
          </Flex>
          <Form<{ code: string }> form={codeForm} layout="vertical" name="totp-confirm" onFinish={(v) => void onConfirm(v)} onValuesChange={() => setCodeError(null)} style={{ marginTop: 16 }}>
            <Form.Item
              label={t('totp.code')}
              name="code"
              {...(codeError ? { validateStatus: 'error' as const, help: codeError } : {})}
              rules={[
                { required: true, whitespace: true, message: t('common.required', { field: t('totp.code').toLowerCase() }) },
                { pattern: TOTP_CODE, message: t('login.totpCodeFormat') },
              ]}
            >
              <Input autoComplete="one-time-code" inputMode="numeric" maxLength={6} style={{ maxWidth: 200 }} />
            </Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" loading={confirm.isPending}>
                {t('totp.confirm')}
              </Button>
              <Button
                onClick={() => {
                  setEnrolment(null);
                  setCodeError(null);
                }}
              >
                {t('totp.cancel')}
              </Button>
            </Space>
          </Form>
        </div>
      );
    }
    if (status.isPending) return <LoadingState />;
    if (status.isError) return <ErrorState error={status.error} onRetry={() => void status.refetch()} />;
    const s = status.data;
    return (
      <div data-testid="totp-status">
        <Space wrap style={{ marginBottom: 8 }}>
          <Tag color={s.enabled ? 'green' : 'default'} bordered={false} data-testid="totp-state">
            {s.enabled ? t('totp.on') : t('totp.off')}
          </Tag>
          {s.required && (
            <Tag color="orange" bordered={false}>
              {t('totp.requiredTag')}
            </Tag>
          )}
        </Space>
        <Typography.Paragraph>{s.enabled ? t('totp.statusOn', { count: s.recovery_codes_left }) : t('totp.statusOff')}</Typography.Paragraph>
        {!s.enabled && !enabling && (
          <Button type="primary" onClick={() => setEnabling(true)}>
            {t('totp.enable')}
          </Button>
        )}
        {!s.enabled && enabling && passwordStep('enable')}
        {s.enabled && s.required && <Typography.Paragraph type="secondary">{t('totp.requiredNote')}</Typography.Paragraph>}
        {s.enabled && !s.required && !disabling && (
          <Button danger onClick={() => setDisabling(true)}>
            {t('totp.disable')}
          </Button>
        )}
        {s.enabled && !s.required && disabling && passwordStep('disable')}
      </div>
    );
  };

  return (
    <Card size="small" title={t('totp.title')} data-testid="totp-card">
      {formMessage && <Alert type="error" showIcon role="alert" message={formMessage} className="form-alert" />}
      {body()}
    </Card>
  );
}
