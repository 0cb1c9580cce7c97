import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { explainError } from '../../../lib/describe-error';
import { useI18n } from '../../../lib/i18n/i18n';
import { completeSso } from '../api/sso';

/** The answers already posted: each works once (React runs effects twice in development). */
const posted = new Set<string>();

/**
 * Where the identity provider sends the browser back (`/login/oidc?code&state`): hands the answer to
 * the server, which checks it and opens the session, then goes where the sign-in started. A refusal
 * is explained, with the way back to the login page; nothing is retried behind the user's back.
 */
export function SsoCallbackPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // The provider's answer, read once from the address the page opened with.
  const [answer] = useState(() => {
    const params = new URLSearchParams(window.location.search);
    return {
      code: params.get('code'),
      state: params.get('state'),
      iss: params.get('iss'),
      refusal: params.get('error_description') ?? params.get('error'),
    };
  });
  const [failure, setFailure] = useState<string | null>(() => {
    if (answer.code && answer.state) return null;
    return answer.refusal ? t('sso.providerRefused', { reason: answer.refusal }) : t('sso.noAnswer');
  });

  useEffect(() => {
    // The code must not stay in the address bar or the history.
    window.history.replaceState(window.history.state, '', '/login/oidc');
    const { code, state, iss } = answer;
    if (!code || !state || posted.has(state)) return;
    posted.add(state);
    completeSso({ code, state, ...(iss ? { iss } : {}) }).then(
      (returnTo) => {
        queryClient.clear();
        void navigate(returnTo, { replace: true });
      },
      (error: unknown) => setFailure(explainError(error, t).message),
    );
  }, [answer, navigate, queryClient, t]);

  return (
    <Flex className="login-page" align="center" justify="center" vertical>
      <main className="login-card" aria-busy={failure === null}>
        <Typography.Title level={1} className="login-sso-title">
          {t('sso.title')}
        </Typography.Title>
        {failure === null ? (
          <Flex vertical align="center" gap={12} role="status">
            <Spin size="large" />
            <Typography.Text>{t('sso.completing')}</Typography.Text>
          </Flex>
        ) : (
          <Flex vertical gap={16}>
            <Alert type="error" showIcon message={t('sso.refused')} description={<span role="alert">{failure}</span>} />
            <Button type="primary" onClick={() => void navigate('/login', { replace: true })}>
              {t('sso.backToLogin')}
            </Button>
          </Flex>
        )}
      </main>
    </Flex>
  );
}
