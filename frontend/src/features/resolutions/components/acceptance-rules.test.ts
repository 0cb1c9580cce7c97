import { describe, expect, it } from 'vitest';
import { COMPLETION_STATUSES, REQUEST_KINDS, REQUEST_STATUSES, TASK_EVALUATIONS, type Completion } from '../../../api/models';
import { translator } from '../../../lib/i18n/i18n';
import { acceptedCompletion, dueDateMoved, extensionDueProblem, splitCompletions } from './acceptance-rules';

const completion = (over: Partial<Completion>): Completion => ({
  id: 'c',
  task_id: 't',
  summary: 's',
  status: 'returned',
  proposed_by: 'u',
  proposed_by_name: 'Ngô Thị Mai',
  proposed_at: '2026-11-01T00:00:00Z',
  attachments: [],
  actions: { accept: false, return: false },
  ...over,
});

describe('completion proposals', () => {
  it('puts the pending one apart and the decided ones newest first', () => {
    const { pending, decided } = splitCompletions([
      completion({ id: 'old', proposed_at: '2026-10-01T00:00:00Z' }),
      completion({ id: 'now', status: 'pending', proposed_at: '2026-11-20T00:00:00Z' }),
      completion({ id: 'mid', proposed_at: '2026-11-01T00:00:00Z' }),
    ]);
    expect(pending?.id).toBe('now');
    expect(decided.map((c) => c.id)).toEqual(['mid', 'old']);
    expect(splitCompletions([]).pending).toBeUndefined();
  });

  it('finds the accepted proposal', () => {
    expect(acceptedCompletion([completion({ id: 'r' }), completion({ id: 'a', status: 'accepted', decided_at: '2026-11-02T00:00:00Z' })])?.id).toBe('a');
    expect(acceptedCompletion([completion({ id: 'r' })])).toBeUndefined();
  });
});

describe('due dates', () => {
  it('says when the deadline was moved', () => {
    expect(dueDateMoved({ due_date: '2027-06-30', original_due_date: '2027-03-02' })).toBe(true);
    expect(dueDateMoved({ due_date: '2027-03-02', original_due_date: '2027-03-02' })).toBe(false);
  });

  it('refuses an extension that is not later than the current due date, and none at all', () => {
    expect(extensionDueProblem(undefined, '2027-03-02')).toBe('required');
    expect(extensionDueProblem('2027-03-01', '2027-03-02')).toBe('notLater');
    expect(extensionDueProblem('2027-03-02', '2027-03-02')).toBe('notLater');
    expect(extensionDueProblem('2027-03-03', '2027-03-02')).toBeNull();
  });
});

describe('labels', () => {
  it('are translated in both languages, never the raw enum', () => {
    for (const language of ['vi', 'en'] as const) {
      const t = translator(language);
      const labels = [
        ...TASK_EVALUATIONS.map((e) => t(`evaluation.${e}`)),
        ...COMPLETION_STATUSES.map((s) => t(`completionStatus.${s}`)),
        ...REQUEST_STATUSES.map((s) => t(`requestStatus.${s}`)),
        ...REQUEST_KINDS.map((k) => t(`requestKind.${k}`)),
      ];
      for (const label of labels) expect(label).not.toMatch(/^[a-z_]+$/);
    }
    const vi = translator('vi');
    expect(TASK_EVALUATIONS.map((e) => vi(`evaluation.${e}`))).toEqual([
      'Hoàn thành đúng hạn',
      'Hoàn thành quá hạn',
      'Chưa hoàn thành trong hạn',
      'Chưa hoàn thành quá hạn',
    ]);
  });
});
