import { act, render, screen } from '@testing-library/react';
import { useEffect } from 'react';
import { createMemoryRouter, RouterProvider, useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { useUpdateSearch } from './search-params';

type Update = ReturnType<typeof useUpdateSearch>;
const hook: { update?: Update } = {};

function Page() {
  const update = useUpdateSearch();
  useEffect(() => {
    hook.update = update;
  }, [update]);
  return <output>{useLocation().search}</output>;
}

describe('useUpdateSearch', () => {
  it('keeps a change made before the previous one has rendered', async () => {
    const router = createMemoryRouter([{ path: '/indicators/:id', element: <Page /> }], { initialEntries: ['/indicators/x?tab=1'] });
    render(<RouterProvider router={router} />);
    expect(screen.getByRole('status').textContent).toBe('?tab=1');
    await act(async () => {
      // Two changes in one go, as a fast click right after picking an agency: neither is lost.
      hook.update?.((p) => (p.set('agency_id', 'a'), p), { replace: true });
      hook.update?.((p) => (p.set('map', 'today'), p), { replace: true });
      await Promise.resolve();
    });
    const shown = new URLSearchParams(screen.getByRole('status').textContent ?? '');
    expect(Object.fromEntries(shown)).toEqual({ tab: '1', agency_id: 'a', map: 'today' });
    expect(router.state.location.search).toBe(`?${shown.toString()}`);
  });

  it('starts from a navigation made elsewhere once it has rendered', async () => {
    const router = createMemoryRouter([{ path: '/p', element: <Page /> }], { initialEntries: ['/p?a=1'] });
    render(<RouterProvider router={router} />);
    await act(async () => {
      await router.navigate('/p?b=2');
    });
    await act(async () => {
      hook.update?.((p) => (p.set('c', '3'), p));
      await Promise.resolve();
    });
    expect(screen.getByRole('status').textContent).toBe('?b=2&c=3');
  });
});
