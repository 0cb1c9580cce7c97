import type { components } from '../../../api/schema';
import type { Task } from '../../../api/models';
import type { MessageKey } from '../../../lib/i18n/i18n';

/** One decision a task of the supervisor's list waits for, as the list carries it (`task.waiting`). */
export type WireWaiting = components['schemas']['Waiting'];

/**
 * What a decision is about: a completion proposal, an extension or a cancellation request; `request`
 * only when the server names none (a request of either kind).
 */
export type WaitingKind = WireWaiting['kind'] | 'request';

export interface Waiting {
  kind: WaitingKind;
  /** The proposal's or the request's id. */
  id?: string;
  /** When the lead agency sent it (ISO date-time). */
  since?: string;
  /** The due date an extension asks for. */
  dueDate?: string;
}

/**
 * Every decision a task of `GET /tasks?awaiting_decision=true` waits for, oldest first, from the
 * task's `waiting` (the list carries it; no request per row). Should the server name none — the
 * task was decided between its two reads — the task's status still says what kind of decision it is.
 */
export function whatWaits(task: Pick<Task, 'status' | 'waiting'>): Waiting[] {
  const waiting = task.waiting ?? [];
  if (waiting.length === 0) return [{ kind: task.status === 'awaiting_acceptance' ? 'completion' : 'request' }];
  return waiting.map((w) => ({
    kind: w.kind,
    id: w.id,
    since: w.since,
    ...(w.kind === 'extension' && w.due_date ? { dueDate: w.due_date } : {}),
  }));
}

export const WAITING_LABEL: Record<WaitingKind, MessageKey> = {
  completion: 'decisions.waiting.completion',
  extension: 'decisions.waiting.extension',
  cancellation: 'decisions.waiting.cancellation',
  request: 'decisions.waiting.request',
};

export const WAITING_COLOR: Record<WaitingKind, string> = {
  completion: 'purple',
  extension: 'gold',
  cancellation: 'volcano',
  request: 'default',
};
