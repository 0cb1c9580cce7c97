import { MutationCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp } from 'antd';
import { RouterProvider } from 'react-router';
import { myWorkKey } from '../lib/my-work';
import { ApiError } from '../lib/problem';
import { session } from '../lib/session';
import { I18nProvider } from './I18nProvider';
import { router } from './router';

const queryClient: QueryClient = new QueryClient({
  // Whatever the user changes may add to or settle their to-do list (and its menu badge).
  mutationCache: new MutationCache({ onSuccess: () => queryClient.invalidateQueries({ queryKey: myWorkKey }) }),
  defaultOptions: {
    queries: {
      // Client errors (403, 404 …) will not change on retry; network and 5xx might.
      retry: (failures, error) => failures < 2 && !(error instanceof ApiError && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

// However the session ends (here, in another tab, or expired), nothing cached for that user stays.
let wasAuthenticated = session.getSnapshot().authenticated;
session.subscribe(() => {
  const { authenticated } = session.getSnapshot();
  if (wasAuthenticated && !authenticated) queryClient.clear();
  wasAuthenticated = authenticated;
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <AntApp>
          <RouterProvider router={router} />
        </AntApp>
      </I18nProvider>
    </QueryClientProvider>
  );
}
