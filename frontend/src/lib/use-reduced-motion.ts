import { useSyncExternalStore } from 'react';

const QUERY = '(prefers-reduced-motion: reduce)';

const media = (): MediaQueryList | undefined => (typeof window.matchMedia === 'function' ? window.matchMedia(QUERY) : undefined);

function subscribe(changed: () => void): () => void {
  const list = media();
  list?.addEventListener?.('change', changed);
  return () => list?.removeEventListener?.('change', changed);
}

/**
 * Whether the user asked the system for less motion (WCAG 2.3.3): the app then turns off antd's
 * opening, closing and sliding animations, so menus, confirmations and dialogs appear at once. It
 * follows the setting live.
 */
export function useReducedMotion(): boolean {
  return useSyncExternalStore(subscribe, () => media()?.matches === true);
}
