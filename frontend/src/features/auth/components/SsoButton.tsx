import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Divider } from 'antd';
import { useState } from 'react';
import { explainError } from '../../../lib/describe-error';
import { useI18n } from '../../../lib/i18n/i18n';
import { fetchSsoInfo, startSso } from '../api/sso';

/**
 * "Sign in with <provider>", when the server offers single sign-on: the browser goes to the
 * provider's sign-in page and comes back to `/login/oidc`, then to `returnTo`.
 */
export function SsoButton({ returnTo }: { returnTo: string }) {
  const { t } = useI18n();
  const info = useQuery({ queryKey: ['auth', 'sso'], queryFn: fetchSsoInfo, staleTime: Infinity, retry: false });
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  if (!info.data?.enabled) return null;

  const onClick = async () => {
    setBusy(true);
    setFailure(null);
    try {
      window.location.assign(await startSso(returnTo));
    } catch (error) {
      setFailure(explainError(error, t).message);
      setBusy(false);
    }
  };

  return (
    <>
      <Divider plain>{t('sso.or')}</Divider>
      {failure && <Alert type="error" showIcon message={failure} className="form-alert" />}
      <Button block size="large" loading={busy} onClick={() => void onClick()}>
        {t('sso.signInWith', { name: info.data.name ?? 'SSO' })}
      </Button>
    </>
  );
}
