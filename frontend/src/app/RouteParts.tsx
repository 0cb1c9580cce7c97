import { useEffect } from 'react';
import { useLocation, useRouteError } from 'react-router';
import { ErrorState } from '../components/PageState';
import { LoginPage } from '../features/auth/components/LoginPage';

/** A failed render or a chunk that did not arrive (network, or a new version deployed meanwhile): reload. */
export function RouteError() {
  const error = useRouteError();
  return <ErrorState error={error} onRetry={() => window.location.reload()} />;
}

/** The login page, which fetches ahead (`preload`) what the login leads to while the user types. */
export function LoginRoute({ preload }: { preload: (from: string) => void }) {
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  useEffect(() => preload(from), [preload, from]);
  return <LoginPage />;
}
