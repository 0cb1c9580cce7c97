import { useQueryClient } from '@tanstack/react-query';
import { Alert, Flex, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { LanguageSwitch } from '../../../components/LanguageSwitch';
import { useI18n } from '../../../lib/i18n/i18n';
import { session, type SessionEndReason } from '../../../lib/session';
import { useSession } from '../../../lib/use-session';
import { login, type Credentials } from '../api/login';
import { LoginForm } from './LoginForm';
import { SsoButton } from './SsoButton';

export function LoginPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const { authenticated, endReason } = useSession();
  // Show why the previous session ended once, then forget it.
  const [reason] = useState<SessionEndReason | null>(endReason);
  useEffect(() => session.acknowledgeEnd(), []);

  const from = (location.state as { from?: string } | null)?.from ?? '/';
  if (authenticated) return <Navigate to={from} replace />;

  const onLogin = async (credentials: Credentials) => {
    await login(credentials);
    queryClient.clear();
    void navigate(from, { replace: true });
  };

  return (
    <Flex className="login-page" align="center" justify="center" vertical>
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <div className="login-card">
        <Flex vertical align="center" gap={4} className="login-heading">
          <img src="/favicon.svg" alt="" width={48} height={48} />
          <Typography.Title level={1} className="login-title" style={{ margin: 0, textAlign: 'center' }}>
            {t('app.name')}
          </Typography.Title>
          <Typography.Title level={5} type="secondary" style={{ margin: 0, fontWeight: 400 }}>
            {t('login.title')}
          </Typography.Title>
        </Flex>
        {reason && (
          <Alert
            type={reason === 'expired' ? 'warning' : 'info'}
            showIcon
            message={t(`login.reason.${reason}`)}
            className="form-alert"
          />
        )}
        <LoginForm onLogin={onLogin} />
        <SsoButton returnTo={from} />
      </div>
    </Flex>
  );
}
