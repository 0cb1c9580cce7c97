import { lazy, Suspense, type ReactNode } from 'react';
import { LoadingState } from '../components/PageState';
import { useSession } from '../lib/use-session';

const EnrolmentPage = lazy(() => import('../features/account/components/EnrolmentPage').then((m) => ({ default: m.EnrolmentPage })));

/**
 * An enrol-only session (the login or a refresh said `second_factor_enrolment_required`) reaches
 * nothing but the enrolment page: no shell, no menu, whatever the address. Once the user confirms
 * a second factor, the session store drops the flag and the app is shown.
 */
export function SecondFactorGate({ children }: { children: ReactNode }) {
  const { enrolmentRequired } = useSession();
  if (!enrolmentRequired) return children;
  return (
    <Suspense fallback={<LoadingState />}>
      <EnrolmentPage />
    </Suspense>
  );
}
