import type { components } from '../../../api/schema';
import type { Task } from '../../../api/models';
import type { MessageKey } from '../../../lib/i18n/i18n';

export type TaskRequest = components['schemas']['TaskRequest'];
export type TaskRequestPage = components['schemas']['Page_TaskRequest'];
export type Completion = components['schemas']['Completion'];
export type CompletionPage = components['schemas']['Page_Completion'];

/** What a task of the supervisor's list waits for. */
export type WaitingKind = 'completion' | 'extension' | 'cancellation' | 'request';

export interface Waiting {
  kind: WaitingKind;
  /** When the lead agency sent it (ISO date-time), once the proposal or request is loaded. */
  since?: string;
  /** The due date an extension asks for. */
  dueDate?: string;
}

/**
 * A task awaiting acceptance waits for a decision on its completion; any other task of the list
 * waits on a pending request, an extension or a cancellation once the task's requests are loaded
 * (`request` until then, or when none of them is pending any more).
 */
export function whatWaits(task: Pick<Task, 'status'>, requests?: readonly TaskRequest[], completions?: readonly Completion[]): Waiting {
  if (task.status === 'awaiting_acceptance') {
    const pending = completions?.find((c) => c.status === 'pending');
    return { kind: 'completion', since: pending?.proposed_at };
  }
  const pending = requests?.find((r) => r.status === 'pending');
  if (!pending) return { kind: 'request' };
  return pending.kind === 'extension'
    ? { kind: 'extension', since: pending.requested_at, dueDate: pending.due_date ?? undefined }
    : { kind: 'cancellation', since: pending.requested_at };
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
