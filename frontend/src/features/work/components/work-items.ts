import type { WorkItem, WorkKind } from '../../../api/models';
import type { MessageKey } from '../../../lib/i18n/i18n';

/** An item is "due soon" (and says how many days are left) this many days before its deadline. */
export const DUE_SOON_DAYS = 7;

export type DueState =
  | { kind: 'none' }
  | { kind: 'overdue'; days: number }
  | { kind: 'today' }
  | { kind: 'soon'; days: number }
  | { kind: 'later'; days: number };

const DAY = 86_400_000;
const utcDay = (date: string): number | null => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
};

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); null when either is not a date. */
export function daysBetween(from: string, to: string): number | null {
  const a = utcDay(from);
  const b = utcDay(to);
  return a === null || b === null ? null : Math.round((b - a) / DAY);
}

/**
 * How urgent an item is, judged against the server's `today` (not the browser's clock). Whether it
 * is overdue is the server's `overdue`; the dates only say by how many days.
 */
export function dueState(item: Pick<WorkItem, 'due_date' | 'overdue'>, today: string): DueState {
  const left = item.due_date ? daysBetween(today, item.due_date) : null;
  if (item.overdue) return { kind: 'overdue', days: left === null ? 0 : Math.max(0, -left) };
  if (left === null) return { kind: 'none' };
  if (left <= 0) return { kind: 'today' };
  return left <= DUE_SOON_DAYS ? { kind: 'soon', days: left } : { kind: 'later', days: left };
}

export type WorkFilter = 'all' | 'overdue' | WorkKind;

export function filterWork(items: readonly WorkItem[], filter: WorkFilter): WorkItem[] {
  if (filter === 'all') return [...items];
  if (filter === 'overdue') return items.filter((i) => i.overdue);
  return items.filter((i) => i.kind === filter);
}

export const WORK_KIND_LABEL: Record<WorkKind, MessageKey> = {
  figure_to_enter: 'workKind.figure_to_enter',
  figure_to_correct: 'workKind.figure_to_correct',
  report_to_file: 'workKind.report_to_file',
  figure_to_approve: 'workKind.figure_to_approve',
  completion_to_decide: 'workKind.completion_to_decide',
  request_to_decide: 'workKind.request_to_decide',
  directive_to_answer: 'workKind.directive_to_answer',
};

export const WORK_KIND_COLOR: Record<WorkKind, string> = {
  figure_to_enter: 'blue',
  figure_to_correct: 'volcano',
  report_to_file: 'geekblue',
  figure_to_approve: 'purple',
  completion_to_decide: 'cyan',
  request_to_decide: 'gold',
  directive_to_answer: 'magenta',
};
