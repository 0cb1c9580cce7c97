import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import type { Role } from '../api/models';
import { useCurrentUser } from '../lib/current-user';
import { useI18n } from '../lib/i18n/i18n';
import { hasAnyRole } from '../lib/navigation';
import { useSession } from '../lib/use-session';

/** Sends visitors without a session to the login page, remembering where they were going. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { authenticated } = useSession();
  const location = useLocation();
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

/** Hides a page from users whose roles do not allow it (the server enforces the same rule). */
export function RequireRoles({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const me = useCurrentUser();
  if (!me.data) return null; // the shell shows loading and error states for /me
  return hasAnyRole(me.data.roles, roles) ? children : <ForbiddenPage />;
}
