import { Navigate } from 'react-router';
import { useCurrentUser } from '../lib/current-user';
import { firstPath, visibleNavItems } from '../lib/navigation';

/** The start page is the first menu entry the user may open: "Việc cần làm" (the overview stays at /overview). */
export function HomeRedirect() {
  const me = useCurrentUser();
  if (!me.data) return null;
  return <Navigate to={firstPath(visibleNavItems(me.data.actions)) ?? '/account'} replace />;
}
