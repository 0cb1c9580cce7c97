import { AppShell } from '../components/AppShell';
import { NotificationBell } from '../features/notifications/components/NotificationBell';

/** The signed-in layout with the notification bell: one chunk, loaded after login (see router.tsx). */
export function Shell() {
  return <AppShell headerExtra={<NotificationBell />} />;
}
