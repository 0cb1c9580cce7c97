import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => cleanup());

// antd relies on these browser APIs that jsdom lacks.
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  }),
});
window.getComputedStyle = ((getComputedStyle) => (elt: Element) => getComputedStyle(elt))(window.getComputedStyle.bind(window));

// antd injects thousands of CSS rules, and jsdom matches every one of them against the element and
// its ancestors on each getComputedStyle: antd's TextArea calls it on every keystroke and user-event
// on every pointer action, which made a typed sentence take seconds. jsdom lays nothing out, so only
// the rules that decide whether an element is shown or can be pointed at change what a test sees:
// every other rule is dropped as the style element arrives (and again when antd rewrites it).
const DECIDES = /(^|[\s;])(display|visibility|pointer-events)\s*:/;
type RuleList = { cssRules: CSSRuleList; deleteRule(index: number): void };
function prune(list: RuleList): void {
  for (let i = list.cssRules.length - 1; i >= 0; i--) {
    const rule = list.cssRules.item(i);
    if (rule instanceof CSSStyleRule) {
      if (!DECIDES.test(rule.style.cssText)) list.deleteRule(i);
    } else if (rule && 'cssRules' in rule && 'deleteRule' in rule) {
      prune(rule as unknown as RuleList);
      if ((rule as unknown as RuleList).cssRules.length === 0) list.deleteRule(i);
    } else {
      list.deleteRule(i);
    }
  }
}
function pruneStyle(node: Node): void {
  if (node instanceof HTMLStyleElement && node.sheet) prune(node.sheet);
}
const insertBefore = Node.prototype.insertBefore;
Node.prototype.insertBefore = function <T extends Node>(this: Node, node: T, child: Node | null): T {
  const inserted = insertBefore.call(this, node, child) as T;
  pruneStyle(inserted);
  return inserted;
};
const appendChild = Node.prototype.appendChild;
Node.prototype.appendChild = function <T extends Node>(this: Node, node: T): T {
  const appended = appendChild.call(this, node) as T;
  pruneStyle(appended);
  return appended;
};
new MutationObserver((records) => {
  for (const record of records) {
    const target = record.target.nodeType === Node.TEXT_NODE ? record.target.parentNode : record.target;
    if (target) pruneStyle(target);
  }
}).observe(document.head, { childList: true, characterData: true, subtree: true });
