import type { TaskStatus } from '../../../api/models';

// Who may do what with a task is decided by the server: every task carries `actions` (the status
// moves, edit, delete, report, decompose), and the pages show those buttons and no others.

export type StatusAction = 'start' | 'complete' | 'pause' | 'cancel' | 'resume' | 'reopen';

/** The verb on the button that moves a task from one status to another. */
export function statusAction(from: TaskStatus, to: TaskStatus): StatusAction {
  switch (to) {
    case 'completed':
      return 'complete';
    case 'paused':
      return 'pause';
    case 'cancelled':
      return 'cancel';
    default:
      return from === 'paused' ? 'resume' : from === 'completed' ? 'reopen' : 'start';
  }
}
