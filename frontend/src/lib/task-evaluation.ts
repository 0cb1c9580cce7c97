import type { components } from '../api/schema';
import type { MessageKey } from './i18n/i18n';

/** The Government Office's four-way classification of a task against its deadline (null: cancelled). */
export type TaskEvaluation = components['schemas']['TaskEvaluation'];
/** The four classes counted, as the scorecard rows and the summary carry them. */
export type EvaluationCounts = components['schemas']['EvaluationCounts'];

/** Display order: done before not done, on time before late. */
export const TASK_EVALUATIONS = [
  'completed_on_time',
  'completed_late',
  'not_completed_within_deadline',
  'not_completed_overdue',
] as const satisfies readonly TaskEvaluation[];

/** Labels: a Record, so that a fifth class from the server fails the type check until it is named. */
export const TASK_EVALUATION_LABEL: Record<TaskEvaluation, MessageKey> = {
  completed_on_time: 'taskEvaluation.completed_on_time',
  completed_late: 'taskEvaluation.completed_late',
  not_completed_within_deadline: 'taskEvaluation.not_completed_within_deadline',
  not_completed_overdue: 'taskEvaluation.not_completed_overdue',
};

/** Colours: green done in time, gold done late, blue still within its deadline, red overdue. */
export const TASK_EVALUATION_COLOR: Record<TaskEvaluation, string> = {
  completed_on_time: '#52c41a',
  completed_late: '#faad14',
  not_completed_within_deadline: '#1677ff',
  not_completed_overdue: '#f5222d',
};

/** antd Tag colours for one task's class. */
export const TASK_EVALUATION_TAG: Record<TaskEvaluation, string> = {
  completed_on_time: 'success',
  completed_late: 'warning',
  not_completed_within_deadline: 'processing',
  not_completed_overdue: 'error',
};

export interface EvaluationSegment {
  evaluation: TaskEvaluation;
  count: number;
  /** Share of the evaluated tasks, 0–100 (0 when there is none). */
  percent: number;
  color: string;
}

/** The four classes in display order with their shares, for the stacked bar and the legend. */
export function evaluationSegments(counts: EvaluationCounts): { total: number; segments: EvaluationSegment[] } {
  const total = TASK_EVALUATIONS.reduce((sum, e) => sum + counts[e], 0);
  return {
    total,
    segments: TASK_EVALUATIONS.map((evaluation) => ({
      evaluation,
      count: counts[evaluation],
      percent: total === 0 ? 0 : (counts[evaluation] / total) * 100,
      color: TASK_EVALUATION_COLOR[evaluation],
    })),
  };
}
