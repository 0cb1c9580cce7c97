import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { createBrowserRouter, matchRoutes, Navigate, type RouteObject } from 'react-router';
import { LoadingState } from '../components/PageState';
import { NotFoundPage, RequireAction, RequireSession } from '../components/RouteGuards';
import { firstPath, visibleNavItems, type MeAction } from '../lib/navigation';
import { HomeRedirect } from './HomeRedirect';
import { SsoCallbackPage } from '../features/auth/components/SsoCallbackPage';
import { LoginRoute, RouteError } from './RouteParts';
import { SecondFactorGate } from './SecondFactorGate';

// Only the login page is in the entry chunk: the shell and every page are chunks of their own, loaded
// when first shown (a commune's link is slow), with the loading state meanwhile.

type Loader = () => Promise<{ default: ComponentType }>;

/** A loader of a module's named component, in the shape React.lazy expects. */
const named =
  <M,>(load: () => Promise<M>, pick: (module: M) => ComponentType): Loader =>
  () =>
    load().then((module) => ({ default: pick(module) }));

const loadShell = named(() => import('./Shell'), (m) => m.Shell);

/** The element of a lazily loaded component (under a Suspense boundary). */
function lazyElement(load: Loader): ReactNode {
  const Component = lazy(load);
  return <Component />;
}

/** The loaders of the shell's pages by route path, to fetch the page the login leads to ahead. */
const pageLoaders = new Map<string, Loader>();

/**
 * A page of the shell, loaded lazily. The boundary is keyed by the route so that a navigation (a
 * transition, which would keep the previous page on screen while the chunk loads) shows the loading
 * state at once.
 */
function page(path: string, load: Loader, action?: MeAction): RouteObject {
  pageLoaders.set(path, load);
  return {
    path,
    element: (
      <Suspense key={path} fallback={<LoadingState />}>
        {action ? (
          <RequireAction action={action}>{lazyElement(load)}</RequireAction>
        ) : (
          lazyElement(load)
        )}
      </Suspense>
    ),
  };
}

const shellPages: RouteObject[] = [
  { index: true, element: <HomeRedirect /> },
  page('work', named(() => import('../features/work/components/WorkPage'), (m) => m.WorkPage)),
  page('overview', named(() => import('../features/dashboard/components/OverviewPage'), (m) => m.OverviewPage)),
  page('alerts', named(() => import('../features/alerts/components/AlertsPage'), (m) => m.AlertsPage)),
  page('reports', named(() => import('../features/reports/components/ReportsPage'), (m) => m.ReportsPage)),
  page('imports', named(() => import('../features/imports/components/ImportsPage'), (m) => m.ImportsPage), 'import_kinds'),
  page('resolutions', named(() => import('../features/resolutions/components/ResolutionsPage'), (m) => m.ResolutionsPage)),
  page('resolutions/:id', named(() => import('../features/resolutions/components/ResolutionPage'), (m) => m.ResolutionPage)),
  page('tasks', named(() => import('../features/resolutions/components/TasksPage'), (m) => m.TasksPage)),
  page('tasks/:id', named(() => import('../features/resolutions/components/TaskPage'), (m) => m.TaskPage)),
  page('indicators', named(() => import('../features/indicators/components/IndicatorsPage'), (m) => m.IndicatorsPage)),
  page('indicators/:id', named(() => import('../features/indicators/components/IndicatorPage'), (m) => m.IndicatorPage)),
  page('indicator-sets', named(() => import('../features/indicators/components/IndicatorSetsPage'), (m) => m.IndicatorSetsPage)),
  page('indicator-sets/:id', named(() => import('../features/indicators/components/IndicatorSetPage'), (m) => m.IndicatorSetPage)),
  page('sector', named(() => import('../features/sector/components/SectorPage'), (m) => m.SectorPage), 'view_sector'),
  page('decisions', named(() => import('../features/supervision/components/DecisionsPage'), (m) => m.DecisionsPage), 'decide_tasks'),
  page('approvals', named(() => import('../features/indicators/components/ApprovalsPage'), (m) => m.ApprovalsPage), 'decide_figures'),
  { path: 'admin', element: <Navigate to="/admin/agencies" replace /> },
  page('admin/agencies', named(() => import('../features/agencies/components/AgenciesPage'), (m) => m.AgenciesPage), 'manage_agencies'),
  page('admin/users', named(() => import('../features/users/components/UsersPage'), (m) => m.UsersPage), 'manage_users'),
  page('admin/api-keys', named(() => import('./ApiKeysRoute'), (m) => m.ApiKeysRoute), 'manage_api_keys'),
  page('audit', named(() => import('../features/audit/components/AuditPage'), (m) => m.AuditPage), 'read_audit'),
  // The audit trail was under Quản trị when only administrators read it.
  { path: 'admin/audit', element: <Navigate to="/audit" replace /> },
  page('account', named(() => import('../features/account/components/AccountPage'), (m) => m.AccountPage)),
  { path: '*', element: <NotFoundPage /> },
];

const shellRoute: RouteObject = {
  path: '/',
  element: (
    <RequireSession>
      <SecondFactorGate>
        <Suspense fallback={<LoadingState />}>{lazyElement(loadShell)}</Suspense>
      </SecondFactorGate>
    </RequireSession>
  ),
  errorElement: <RouteError />,
  // A page that fails shows its error inside the shell.
  children: [{ errorElement: <RouteError />, children: shellPages }],
};

/**
 * Fetches, while the user types, the shell and the page the login leads to (`from`, else the start
 * page every user has), so that signing in does not wait for them. Failures are left to the render.
 */
function preloadAfterLogin(from: string) {
  const target = from === '/' ? (firstPath(visibleNavItems(undefined)) ?? from) : from;
  const leaf = matchRoutes([shellRoute], target)?.at(-1)?.route.path;
  for (const load of [loadShell, leaf === undefined ? undefined : pageLoaders.get(leaf)]) {
    load?.().catch(() => undefined);
  }
}

export const router = createBrowserRouter([
  { path: '/login', element: <LoginRoute preload={preloadAfterLogin} />, errorElement: <RouteError /> },
  // Where the identity provider sends the browser back after single sign-on.
  { path: '/login/oidc', element: <SsoCallbackPage />, errorElement: <RouteError /> },
  shellRoute,
]);
