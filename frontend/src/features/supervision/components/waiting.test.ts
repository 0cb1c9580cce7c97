import { describe, expect, it } from 'vitest';
import { translator } from '../../../lib/i18n/i18n';
import { WAITING_LABEL, whatWaits, type Completion, type TaskRequest } from './waiting';

const request = (kind: TaskRequest['kind'], status: TaskRequest['status'], extra: Partial<TaskRequest> = {}): TaskRequest => ({
  id: `${kind}-${status}`,
  task_id: 'T1',
  kind,
  status,
  reason: 'Lý do',
  requested_at: '2026-11-20T03:00:00Z',
  requested_by: 'U1',
  requested_by_name: 'Đặng Minh Khoa',
  actions: { grant: status === 'pending', refuse: status === 'pending' },
  ...extra,
});

const completion = (status: Completion['status'], proposedAt: string): Completion => ({
  id: `c-${status}`,
  task_id: 'T1',
  status,
  summary: 'Đã hoàn thành',
  proposed_at: proposedAt,
  proposed_by: 'U1',
  proposed_by_name: 'Đặng Minh Khoa',
  attachments: [],
  actions: { accept: status === 'pending', return: status === 'pending' },
});

describe('what waits for the decision', () => {
  it('is the completion for a task awaiting acceptance, with the pending proposal\'s day', () => {
    expect(whatWaits({ status: 'awaiting_acceptance' })).toEqual({ kind: 'completion', since: undefined });
    const proposals = [completion('pending', '2026-12-01T08:00:00Z'), completion('returned', '2026-10-01T08:00:00Z')];
    expect(whatWaits({ status: 'awaiting_acceptance' }, undefined, proposals)).toEqual({ kind: 'completion', since: '2026-12-01T08:00:00Z' });
  });

  it('is the pending request otherwise: an extension with the date asked for, or a cancellation', () => {
    const extension = request('extension', 'pending', { due_date: '2027-06-30' });
    expect(whatWaits({ status: 'in_progress' }, [request('cancellation', 'refused'), extension])).toEqual({
      kind: 'extension',
      since: '2026-11-20T03:00:00Z',
      dueDate: '2027-06-30',
    });
    expect(whatWaits({ status: 'paused' }, [request('cancellation', 'pending')])).toEqual({ kind: 'cancellation', since: '2026-11-20T03:00:00Z' });
  });

  it('is a request of either kind while the requests are loading or when none is pending', () => {
    expect(whatWaits({ status: 'in_progress' })).toEqual({ kind: 'request' });
    expect(whatWaits({ status: 'in_progress' }, [request('extension', 'granted')])).toEqual({ kind: 'request' });
  });

  it('says it in Vietnamese', () => {
    const vi = translator('vi');
    expect(vi(WAITING_LABEL.completion)).toBe('Đề nghị công nhận hoàn thành');
    expect(vi(WAITING_LABEL.extension)).toBe('Đề nghị gia hạn');
    expect(vi(WAITING_LABEL.cancellation)).toBe('Đề nghị hủy nhiệm vụ');
  });
});
