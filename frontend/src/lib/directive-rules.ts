import type { Directive, DirectiveStatus } from '../api/models';
import type { Translate } from './i18n/i18n';

/**
 * The server's rule for texts — a directive, an answer, a result summary, a reason (`validate::text`
 * in the API): not blank, line breaks and tabs allowed but no other control characters, and at most
 * `max` characters (counted as Unicode characters, like the server; 5000 for most texts, 20000 for a
 * result summary). Refused here with a reason instead of a bare "sai định dạng" from the server.
 */
export const TEXT_MAX = 5000;
/** A completion's result summary may be longer. */
export const SUMMARY_MAX = 20000;

export type TextProblem = 'required' | 'control' | 'length';

/** What is wrong with a text, if anything (the text is never changed). */
export function textProblem(text: string | undefined | null, max: number = TEXT_MAX): TextProblem | null {
  if (!text || text.trim() === '') return 'required';
  // Line feed, carriage return and tab are allowed; every other control character is refused.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what the server refuses
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(text)) return 'control';
  if (characterCount(text) > max) return 'length';
  return null;
}

/** A directive's or an answer's text: the general text rule. */
export const directiveTextProblem = (text: string | undefined | null): TextProblem | null => textProblem(text, TEXT_MAX);

/** Characters as the server counts them (code points, not UTF-16 units). */
export const characterCount = (text: string): number => [...text].length;

/** Today in the user's time zone, as `YYYY-MM-DD`. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A due date must be today or later (the server refuses a past one; none is fine). */
export const isPastDue = (dueDate: string | null | undefined, today: string): boolean => Boolean(dueDate) && (dueDate as string) < today;

/** Overdue: still unanswered after its due date (an answered or closed directive is not). */
export const isDirectiveOverdue = (directive: Pick<Directive, 'status' | 'due_date'>, today: string): boolean =>
  directive.status === 'open' && isPastDue(directive.due_date, today);

export const DIRECTIVE_STATUS_COLOR: Record<DirectiveStatus, string> = {
  open: 'gold',
  answered: 'blue',
  closed: 'green',
};

/** The reason a text is refused, in the user's language, naming the field by its label. */
export function describeTextProblem(problem: TextProblem, label: string, text: string, t: Translate, max: number = TEXT_MAX): string {
  switch (problem) {
    case 'required':
      return t('common.required', { field: label.toLocaleLowerCase('vi') });
    case 'control':
      return t('directives.control', { field: label });
    case 'length':
      return t('directives.length', { field: label, count: characterCount(text), max });
  }
}
