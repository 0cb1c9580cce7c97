import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { useCurrentUser } from '../lib/current-user';
import { LoadingState } from './PageState';
import { useI18n } from '../lib/i18n/i18n';
import { allows, type MeAction } from '../lib/navigation';
import { useSession } from '../lib/use-session';

/**
 * Sends visitors without a session to the login page, remembering where they were going; while the tab
 * asks the browser's other tabs for their session (a link opened in a new tab), it shows the loading state.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const { authenticated, restoring } = useSession();
  const location = useLocation();
  if (restoring) return <LoadingState />;
  if (!authenticated) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return children;
}

export function ForbiddenPage() {
  const { t } = useI18n();
  return (
    <Result
      status="403"
      title="403"
      subTitle={t('error.pageForbidden')}
      extra={<Link to="/"><Button type="primary">{t('error.backHome')}</Button></Link>}
    />
  );
}

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('error.pageNotFound')}
      extra={<Link to="/"><Button type="primary">{t('error.backHome')}</Button></Link>}
    />
  );
}

/** Shows a page only when `me.actions` allows it (the server refuses the same requests). */
export function RequireAction({ action, children }: { action: MeAction; children: ReactNode }) {
  const me = useCurrentUser();
  if (!me.data) return null; // the shell shows loading and error states for /me
  return allows(me.data.actions, action) ? children : <ForbiddenPage />;
}
