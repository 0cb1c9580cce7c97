import { describe, expect, it } from 'vitest';
import type { DashboardSummary } from '../../../api/models';
import { periodFromSearch, periodQuery, periodRange, periodToSearch, verifiedCompletion } from './evaluation-data';

// 2 December 2026 (the user's calendar day; months count from 0).
const today = new Date(2026, 11, 2);

describe('evaluation period presets → from/to', () => {
  it('covers the calendar year, the current quarter, the first 6 and 9 months and last year', () => {
    expect(periodRange({ preset: 'year' }, today)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(periodRange({ preset: 'quarter' }, today)).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(periodRange({ preset: 'quarter' }, new Date(2028, 1, 29))).toEqual({ from: '2028-01-01', to: '2028-03-31' });
    expect(periodRange({ preset: 'quarter' }, new Date(2026, 4, 15))).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(periodRange({ preset: 'quarter' }, new Date(2026, 8, 30))).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(periodRange({ preset: 'h1' }, today)).toEqual({ from: '2026-01-01', to: '2026-06-30' });
    expect(periodRange({ preset: 'm9' }, today)).toEqual({ from: '2026-01-01', to: '2026-09-30' });
    expect(periodRange({ preset: 'last_year' }, today)).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });

  it('takes a custom range as given, and nothing for a broken or reversed one', () => {
    expect(periodRange({ preset: 'custom', range: { from: '2026-03-01', to: '2026-05-15' } }, today)).toEqual({ from: '2026-03-01', to: '2026-05-15' });
    expect(periodRange({ preset: 'custom', range: { from: '2026-05-15', to: '2026-03-01' } }, today)).toBeUndefined();
    expect(periodRange({ preset: 'custom', range: { from: '15/05/2026', to: '2026-06-01' } }, today)).toBeUndefined();
    expect(periodRange({ preset: 'custom' }, today)).toBeUndefined();
  });

  it('sends nothing for this year (the server default, shared with the summary) and the days otherwise', () => {
    expect(periodQuery({ preset: 'year' }, today)).toEqual({});
    expect(periodQuery({ preset: 'm9' }, today)).toEqual({ from: '2026-01-01', to: '2026-09-30' });
    expect(periodQuery({ preset: 'custom' }, today)).toEqual({});
  });

  it('lives in the address and reads back, unknown or broken values falling back to this year', () => {
    const roundTrip = (search: Record<string, string | undefined>) =>
      periodFromSearch(new URLSearchParams(Object.entries(search).filter((e): e is [string, string] => e[1] !== undefined)));
    expect(periodToSearch({ preset: 'year' })).toEqual({ period: undefined, from: undefined, to: undefined });
    expect(roundTrip(periodToSearch({ preset: 'quarter' }))).toEqual({ preset: 'quarter' });
    const custom = { preset: 'custom', range: { from: '2026-02-01', to: '2026-02-28' } } as const;
    expect(periodToSearch(custom)).toEqual({ period: 'custom', from: '2026-02-01', to: '2026-02-28' });
    expect(roundTrip(periodToSearch(custom))).toEqual(custom);
    expect(periodFromSearch(new URLSearchParams('period=decade'))).toEqual({ preset: 'year' });
    expect(periodFromSearch(new URLSearchParams('period=custom&from=2026-02-30x'))).toEqual({ preset: 'year' });
    expect(periodFromSearch(new URLSearchParams(''))).toEqual({ preset: 'year' });
  });
});

describe('verified completion', () => {
  const tasks = (completed: number, awaiting: number) => ({ tasks: { completed, awaiting_acceptance: awaiting } }) as Pick<DashboardSummary, 'tasks'>;

  it('counts accepted completions apart from those only proposed', () => {
    expect(verifiedCompletion(tasks(4, 1))).toEqual({ accepted: 4, awaiting: 1, key: 'evaluation.verified' });
    expect(verifiedCompletion(tasks(0, 1))).toEqual({ accepted: 0, awaiting: 1, key: 'evaluation.verified' });
  });

  it('says so when nothing was reported completed', () => {
    expect(verifiedCompletion(tasks(0, 0)).key).toBe('evaluation.verified.none');
  });
});
