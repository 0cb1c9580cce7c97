import { describe, expect, it } from 'vitest';
import { statusAction } from './task-rules';

describe('statusAction', () => {
  it('names the move from where the task is', () => {
    expect(statusAction('not_started', 'in_progress')).toBe('start');
    expect(statusAction('paused', 'in_progress')).toBe('resume');
    expect(statusAction('completed', 'in_progress')).toBe('reopen');
    expect(statusAction('in_progress', 'completed')).toBe('complete');
    expect(statusAction('in_progress', 'paused')).toBe('pause');
    expect(statusAction('paused', 'cancelled')).toBe('cancel');
  });
});
