import type { Directive, DirectiveStatus } from '../../../api/models';
import type { Translate } from '../../../lib/i18n/i18n';

/**
 * The server's rule for a directive's and an answer's text (`validate::name` in the API): not blank, at
 * most 500 characters (counted as Unicode characters, like the server), no control characters — so no
 * line breaks either. Refused here with a reason instead of a bare "sai định dạng" from the server.
 */
export const DIRECTIVE_TEXT_MAX = 500;

export type TextProblem = 'required' | 'control' | 'length';

/** What is wrong with a directive's or an answer's text, if anything (the text is never changed). */
export function directiveTextProblem(text: string | undefined | null): TextProblem | null {
  if (!text || text.trim() === '') return 'required';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what the server refuses
  if (/[\u0000-\u001f\u007f-\u009f]/.test(text)) return 'control';
  if (characterCount(text) > DIRECTIVE_TEXT_MAX) return 'length';
  return null;
}

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
export function describeTextProblem(problem: TextProblem, label: string, text: string, t: Translate): string {
  switch (problem) {
    case 'required':
      return t('common.required', { field: label.toLocaleLowerCase('vi') });
    case 'control':
      return t('directives.control', { field: label });
    case 'length':
      return t('directives.length', { field: label, count: characterCount(text), max: DIRECTIVE_TEXT_MAX });
  }
}
