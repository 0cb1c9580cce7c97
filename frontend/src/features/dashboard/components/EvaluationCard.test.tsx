import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { DashboardSummary } from '../../../api/models';
import { EvaluationCard, EvaluationCell } from './EvaluationCard';
import { evaluationTasksUrl } from './overview-data';

const summary = {
  agency_id: 'HN',
  resolution_id: null,
  tasks: { total: 9, not_started: 0, in_progress: 8, awaiting_acceptance: 0, completed: 1, paused: 0, cancelled: 0, on_track: 4, at_risk: 2, off_track: 0, overdue: 2, done: 1 },
  weighted_progress: 50,
  kpis: { series: 0, on_track: 0, off_track: 0, no_target: 0, no_data: 0 },
  alerts: { info: 0, warning: 0, critical: 0 },
  evaluation: { from: '2026-07-01', to: '2026-09-30', as_of: '2026-12-02', completed_on_time: 1, completed_late: 0, not_completed_within_deadline: 0, not_completed_overdue: 2 },
} as DashboardSummary;

const href = (e: Element | null) => e?.getAttribute('href');

describe('evaluation counts open their tasks', () => {
  it('on the card: each count links to the tasks of its class, the period evaluated and the scope\'s subtree and resolution', () => {
    render(
      <MemoryRouter>
        <EvaluationCard summary={summary} pending={false} error={undefined} onRetry={() => undefined} period={{ preset: 'quarter' }} onPeriodChange={() => undefined} scope={{ agencyId: 'HN', resolutionId: 'R1' }} />
      </MemoryRouter>,
    );
    const count = (e: string) => document.querySelector(`.evaluation-class[data-evaluation="${e}"] a.evaluation-count`);
    expect(href(count('not_completed_overdue'))).toBe(
      '/tasks?lead_agency_subtree=HN&resolution_id=R1&evaluation=not_completed_overdue&evaluation_from=2026-07-01&evaluation_to=2026-09-30',
    );
    expect(count('not_completed_overdue')).toHaveTextContent('2');
    expect(href(count('completed_on_time'))).toContain('evaluation=completed_on_time&evaluation_from=2026-07-01&evaluation_to=2026-09-30');
    // A count of none still opens its (empty) list; every count is named with its class.
    expect(href(count('completed_late'))).toContain('evaluation=completed_late');
    expect(screen.getByRole('link', { name: 'Chưa hoàn thành quá hạn: 2 nhiệm vụ — xem danh sách' })).toBe(count('not_completed_overdue'));
  });

  it('in a ranking row: the four counts link to that agency\'s lists when a link is given, and are plain figures otherwise', () => {
    const counts = summary.evaluation;
    const { unmount } = render(
      <MemoryRouter>
        <EvaluationCell counts={counts} linkTo={(e) => evaluationTasksUrl({ agencyId: 'HN-SOCSON' }, e, { from: '2026-01-01', to: '2026-12-31' })} />
      </MemoryRouter>,
    );
    const links = [...document.querySelectorAll('.evaluation-cell a.evaluation-num')];
    expect(links.map((a) => a.getAttribute('data-evaluation'))).toEqual(['completed_on_time', 'completed_late', 'not_completed_within_deadline', 'not_completed_overdue']);
    expect(href(links[3] ?? null)).toBe('/tasks?lead_agency_subtree=HN-SOCSON&evaluation=not_completed_overdue&evaluation_from=2026-01-01&evaluation_to=2026-12-31');
    unmount();
    render(
      <MemoryRouter>
        <EvaluationCell counts={counts} />
      </MemoryRouter>,
    );
    expect(document.querySelectorAll('.evaluation-cell a')).toHaveLength(0);
    expect(document.querySelectorAll('.evaluation-cell .evaluation-num')).toHaveLength(4);
  });
});
