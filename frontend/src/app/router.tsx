import { createBrowserRouter, Navigate } from 'react-router';
import { AppShell } from '../components/AppShell';
import { NotFoundPage, RequireAction, RequireSession } from '../components/RouteGuards';
import { AccountPage } from '../features/account/components/AccountPage';
import { AgenciesPage } from '../features/agencies/components/AgenciesPage';
import { AlertsPage } from '../features/alerts/components/AlertsPage';
import { ApiKeysPage } from '../features/apikeys/components/ApiKeysPage';
import { AuditPage } from '../features/audit/components/AuditPage';
import { LoginPage } from '../features/auth/components/LoginPage';
import { NotificationBell } from '../features/notifications/components/NotificationBell';
import { OverviewPage } from '../features/dashboard/components/OverviewPage';
import { ImportsPage } from '../features/imports/components/ImportsPage';
import { ApprovalsPage } from '../features/indicators/components/ApprovalsPage';
import { IndicatorPage } from '../features/indicators/components/IndicatorPage';
import { IndicatorsPage } from '../features/indicators/components/IndicatorsPage';
import { DecisionsPage } from '../features/supervision/components/DecisionsPage';
import { ResolutionPage } from '../features/resolutions/components/ResolutionPage';
import { ResolutionsPage } from '../features/resolutions/components/ResolutionsPage';
import { TaskPage } from '../features/resolutions/components/TaskPage';
import { TasksPage } from '../features/resolutions/components/TasksPage';
import { UsersPage } from '../features/users/components/UsersPage';
import { WorkPage } from '../features/work/components/WorkPage';
import { HomeRedirect } from './HomeRedirect';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: (
      <RequireSession>
        <AppShell headerExtra={<NotificationBell />} />
      </RequireSession>
    ),
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'work', element: <WorkPage /> },
      { path: 'overview', element: <OverviewPage /> },
      { path: 'alerts', element: <AlertsPage /> },
      { path: 'imports', element: <RequireAction action="import_kinds"><ImportsPage /></RequireAction> },
      { path: 'resolutions', element: <ResolutionsPage /> },
      { path: 'resolutions/:id', element: <ResolutionPage key="resolution" /> },
      { path: 'tasks', element: <TasksPage /> },
      { path: 'tasks/:id', element: <TaskPage /> },
      { path: 'indicators', element: <IndicatorsPage /> },
      { path: 'indicators/:id', element: <IndicatorPage key="indicator" /> },
      { path: 'decisions', element: <RequireAction action="decide_tasks"><DecisionsPage /></RequireAction> },
      { path: 'approvals', element: <RequireAction action="decide_figures"><ApprovalsPage /></RequireAction> },
      { path: 'admin', element: <Navigate to="/admin/agencies" replace /> },
      { path: 'admin/agencies', element: <RequireAction action="manage_agencies"><AgenciesPage /></RequireAction> },
      { path: 'admin/users', element: <RequireAction action="manage_users"><UsersPage /></RequireAction> },
      { path: 'admin/api-keys', element: <RequireAction action="manage_api_keys"><ApiKeysPage /></RequireAction> },
      { path: 'audit', element: <RequireAction action="read_audit"><AuditPage /></RequireAction> },
      // The audit trail was under Quản trị when only administrators read it.
      { path: 'admin/audit', element: <Navigate to="/audit" replace /> },
      { path: 'account', element: <AccountPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
