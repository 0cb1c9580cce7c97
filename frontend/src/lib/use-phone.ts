import { Grid } from 'antd';

/**
 * Whether the screen is below antd's md breakpoint (768 px: a phone). A real screen always matches
 * some breakpoint (xs below 576 px, sm from there); until one is known — the first render, or a
 * document without media queries — the answer is no, the desktop layout.
 */
export function usePhone(): boolean {
  const screens = Grid.useBreakpoint();
  return screens.md === false && Object.values(screens).some(Boolean);
}
