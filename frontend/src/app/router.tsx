import { createBrowserRouter, Navigate } from 'react-router';
import { AppShell } from '../components/AppShell';
import { NotFoundPage, RequireRoles, RequireSession } from '../components/RouteGuards';
import { AccountPage } from '../features/account/components/AccountPage';
import { AgenciesPage } from '../features/agencies/components/AgenciesPage';
import { AlertsPage } from '../features/alerts/components/AlertsPage';
import { ApiKeysPage } from '../features/apikeys/components/ApiKeysPage';
import { AuditPage } from '../features/audit/components/AuditPage';
import { LoginPage } from '../features/auth/components/LoginPage';
import { OverviewPage } from '../features/dashboard/components/OverviewPage';
import { ImportsPage } from '../features/imports/components/ImportsPage';
import { ApprovalsPage } from '../features/indicators/components/ApprovalsPage';
import { IndicatorPage } from '../features/indicators/components/IndicatorPage';
import { IndicatorsPage } from '../features/indicators/components/IndicatorsPage';
import { ResolutionPage } from '../features/resolutions/components/ResolutionPage';
import { ResolutionsPage } from '../features/resolutions/components/ResolutionsPage';
import { TaskPage } from '../features/resolutions/components/TaskPage';
import { TasksPage } from '../features/resolutions/components/TasksPage';
import { UsersPage } from '../features/users/components/UsersPage';
import { ADMINISTRATORS, APPROVERS, IMPORTERS } from '../lib/navigation';
import { HomeRedirect } from './HomeRedirect';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: (
      <RequireSession>
        <AppShell />
      </RequireSession>
    ),
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'overview', element: <OverviewPage /> },
      { path: 'alerts', element: <AlertsPage /> },
      { path: 'imports', element: <RequireRoles roles={IMPORTERS}><ImportsPage /></RequireRoles> },
      { path: 'resolutions', element: <ResolutionsPage /> },
      { path: 'resolutions/:id', element: <ResolutionPage key="resolution" /> },
      { path: 'tasks', element: <TasksPage /> },
      { path: 'tasks/:id', element: <TaskPage /> },
      { path: 'indicators', element: <IndicatorsPage /> },
      { path: 'indicators/:id', element: <IndicatorPage key="indicator" /> },
      { path: 'approvals', element: <RequireRoles roles={APPROVERS}><ApprovalsPage /></RequireRoles> },
      { path: 'admin', element: <Navigate to="/admin/agencies" replace /> },
      { path: 'admin/agencies', element: <RequireRoles roles={ADMINISTRATORS}><AgenciesPage /></RequireRoles> },
      { path: 'admin/users', element: <RequireRoles roles={ADMINISTRATORS}><UsersPage /></RequireRoles> },
      { path: 'admin/api-keys', element: <RequireRoles roles={ADMINISTRATORS}><ApiKeysPage /></RequireRoles> },
      { path: 'admin/audit', element: <RequireRoles roles={ADMINISTRATORS}><AuditPage /></RequireRoles> },
      { path: 'account', element: <AccountPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
