import { useEffect, useRef } from 'react';

/**
 * A ref for a box around a component whose scrolling list antd renders without a way to reach it by
 * keyboard (the virtual list of a Tree): after each render the list's scrolling element gets
 * `tabindex="0"`, so keyboard users can scroll it (WCAG 2.1.1, axe's scrollable-region-focusable).
 */
export function useFocusableScroller<T extends HTMLElement>(selector = '.ant-tree-list-holder') {
  const ref = useRef<T>(null);
  useEffect(() => {
    for (const holder of ref.current?.querySelectorAll<HTMLElement>(selector) ?? []) {
      if (!holder.hasAttribute('tabindex')) holder.tabIndex = 0;
    }
  });
  return ref;
}
