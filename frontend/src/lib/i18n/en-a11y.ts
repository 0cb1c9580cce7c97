import type { viA11y } from './vi-a11y';

/** English strings of accessibility and the phone layout (the keys are the Vietnamese dictionary's). */
export const enA11y: Record<keyof typeof viA11y, string> = {
  'a11y.skipToMain': 'Skip to main content',
  'a11y.openMenu': 'Open the main menu',
  'a11y.closeMenu': 'Close the main menu',
  'a11y.chartTable': 'Figures of the chart “{title}”',
  'a11y.progressOf': 'Progress of {name}: {value}',
  'a11y.category': 'Item',
};
