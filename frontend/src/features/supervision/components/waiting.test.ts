import { describe, expect, it } from 'vitest';
import { translator } from '../../../lib/i18n/i18n';
import { WAITING_LABEL, whatWaits, type WireWaiting } from './waiting';

const waiting = (kind: WireWaiting['kind'], since: string, extra: Partial<WireWaiting> = {}): WireWaiting => ({
  id: `${kind}-1`,
  kind,
  since,
  due_date: null,
  ...extra,
});

describe('what waits for the decision', () => {
  it('is the completion proposal the list names, with the day it was sent', () => {
    expect(whatWaits({ status: 'awaiting_acceptance', waiting: [waiting('completion', '2026-12-01T08:00:00Z')] })).toEqual([
      { kind: 'completion', id: 'completion-1', since: '2026-12-01T08:00:00Z' },
    ]);
  });

  it('is an extension with the date asked for, or a cancellation', () => {
    expect(whatWaits({ status: 'in_progress', waiting: [waiting('extension', '2026-11-20T03:00:00Z', { due_date: '2027-06-30' })] })).toEqual([
      { kind: 'extension', id: 'extension-1', since: '2026-11-20T03:00:00Z', dueDate: '2027-06-30' },
    ]);
    expect(whatWaits({ status: 'paused', waiting: [waiting('cancellation', '2026-11-20T03:00:00Z')] })).toEqual([
      { kind: 'cancellation', id: 'cancellation-1', since: '2026-11-20T03:00:00Z' },
    ]);
  });

  it('is every decision when a task waits for several, in the order the server sends them (oldest first)', () => {
    const task = {
      status: 'in_progress' as const,
      waiting: [waiting('extension', '2026-11-20T03:00:00Z', { due_date: '2027-06-30' }), waiting('cancellation', '2026-11-22T03:00:00Z')],
    };
    expect(whatWaits(task).map((w) => [w.kind, w.since, w.dueDate])).toEqual([
      ['extension', '2026-11-20T03:00:00Z', '2027-06-30'],
      ['cancellation', '2026-11-22T03:00:00Z', undefined],
    ]);
  });

  it('falls back on the status when the list names nothing (decided between the server\'s reads)', () => {
    expect(whatWaits({ status: 'awaiting_acceptance', waiting: [] })).toEqual([{ kind: 'completion' }]);
    expect(whatWaits({ status: 'in_progress' })).toEqual([{ kind: 'request' }]);
    expect(whatWaits({ status: 'in_progress', waiting: null })).toEqual([{ kind: 'request' }]);
  });

  it('says it in Vietnamese', () => {
    const vi = translator('vi');
    expect(vi(WAITING_LABEL.completion)).toBe('Đề nghị công nhận hoàn thành');
    expect(vi(WAITING_LABEL.extension)).toBe('Đề nghị gia hạn');
    expect(vi(WAITING_LABEL.cancellation)).toBe('Đề nghị hủy nhiệm vụ');
    expect(vi(WAITING_LABEL.request)).toBe('Đề nghị gia hạn hoặc hủy');
  });
});
