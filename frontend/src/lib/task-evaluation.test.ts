import { describe, expect, it } from 'vitest';
import { translator } from './i18n/i18n';
import { evaluationSegments, TASK_EVALUATION_COLOR, TASK_EVALUATION_LABEL, TASK_EVALUATIONS } from './task-evaluation';

describe('task evaluation', () => {
  it('names the four classes as the Government Office does', () => {
    const vi = translator('vi');
    expect(TASK_EVALUATIONS.map((e) => vi(TASK_EVALUATION_LABEL[e]))).toEqual([
      'Hoàn thành đúng hạn',
      'Hoàn thành quá hạn',
      'Chưa hoàn thành trong hạn',
      'Chưa hoàn thành quá hạn',
    ]);
    const en = translator('en');
    expect(TASK_EVALUATIONS.map((e) => en(TASK_EVALUATION_LABEL[e]))).toEqual(['Completed on time', 'Completed late', 'Not completed, within deadline', 'Not completed, overdue']);
    expect(new Set(TASK_EVALUATIONS.map((e) => TASK_EVALUATION_COLOR[e])).size).toBe(4);
  });

  it('gives each class its share of the tasks evaluated, in display order', () => {
    const { total, segments } = evaluationSegments({ completed_on_time: 3, completed_late: 1, not_completed_within_deadline: 0, not_completed_overdue: 4 });
    expect(total).toBe(8);
    expect(segments.map((s) => [s.evaluation, s.count, s.percent])).toEqual([
      ['completed_on_time', 3, 37.5],
      ['completed_late', 1, 12.5],
      ['not_completed_within_deadline', 0, 0],
      ['not_completed_overdue', 4, 50],
    ]);
  });

  it('has no share (not NaN) when no task falls due', () => {
    const { total, segments } = evaluationSegments({ completed_on_time: 0, completed_late: 0, not_completed_within_deadline: 0, not_completed_overdue: 0 });
    expect(total).toBe(0);
    expect(segments.every((s) => s.percent === 0)).toBe(true);
  });
});
