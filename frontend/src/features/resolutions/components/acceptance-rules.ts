import type { Completion, CompletionStatus, RequestStatus, Task, TaskEvaluation, TaskRequest } from '../../../api/models';

// Completion is proposed by the lead agency and accepted (or returned) by the assigning agency;
// extensions and cancellations are requested and granted (or refused) the same way. Who may do
// what is each object's `actions`: nothing here decides a permission.

export const EVALUATION_COLOR: Record<TaskEvaluation, string> = {
  completed_on_time: 'green',
  completed_late: 'orange',
  not_completed_within_deadline: 'blue',
  not_completed_overdue: 'red',
};

export const COMPLETION_STATUS_COLOR: Record<CompletionStatus, string> = {
  pending: 'purple',
  accepted: 'green',
  returned: 'orange',
};

export const REQUEST_STATUS_COLOR: Record<RequestStatus, string> = {
  pending: 'gold',
  granted: 'green',
  refused: 'red',
};

const newestFirst = <T>(items: readonly T[], at: (item: T) => string): T[] => [...items].sort((a, b) => at(b).localeCompare(at(a)));

/** The proposals split as the panel shows them: the one waiting for a decision, then the decided ones, newest first. */
export function splitCompletions(completions: readonly Completion[]): { pending: Completion | undefined; decided: Completion[] } {
  const sorted = newestFirst(completions, (c) => c.proposed_at);
  return { pending: sorted.find((c) => c.status === 'pending'), decided: sorted.filter((c) => c.status !== 'pending') };
}

/** The proposal whose acceptance completed the task (the newest accepted one), if any. */
export const acceptedCompletion = (completions: readonly Completion[]): Completion | undefined =>
  newestFirst(completions, (c) => c.decided_at ?? c.proposed_at).find((c) => c.status === 'accepted');

export const sortRequests = (requests: readonly TaskRequest[]): TaskRequest[] => newestFirst(requests, (r) => r.requested_at);

/** Whether the deadline was moved since the task was assigned. */
export const dueDateMoved = (task: Pick<Task, 'due_date' | 'original_due_date'>): boolean =>
  Boolean(task.original_due_date) && task.original_due_date !== task.due_date;

export type ExtensionDueProblem = 'required' | 'notLater';

/**
 * An extension's new due date (`YYYY-MM-DD`) must be later than the current due date (the server also
 * holds it under the parent task's due date, which the client does not know: it explains that refusal).
 */
export function extensionDueProblem(due: string | null | undefined, currentDue: string): ExtensionDueProblem | null {
  if (!due) return 'required';
  return due <= currentDue ? 'notLater' : null;
}
