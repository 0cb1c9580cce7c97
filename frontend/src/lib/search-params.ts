import { useCallback, useEffect, useRef } from 'react';
import { useLocation, useNavigate } from 'react-router';

/**
 * Changes the address's query, starting from the latest query — the one last asked for, even if the
 * page has not rendered it yet.
 *
 * react-router's own `setSearchParams` (even its functional form) starts from the params of the last
 * render. A navigation renders in a transition, so for a moment the address is ahead of the render:
 * a second change made in that moment — the map switched right after the series' agency was picked
 * — would start from the old params and silently drop the first change.
 */
export function useUpdateSearch() {
  const navigate = useNavigate();
  const { search } = useLocation();
  const latest = useRef(search);
  // A navigation from elsewhere (a link, the back button) is the latest once it renders.
  useEffect(() => {
    latest.current = search;
  }, [search]);
  return useCallback(
    (update: (current: URLSearchParams) => URLSearchParams, options?: { replace?: boolean }) => {
      const next = update(new URLSearchParams(latest.current)).toString();
      latest.current = next ? `?${next}` : '';
      void navigate({ search: latest.current }, options);
    },
    [navigate],
  );
}
