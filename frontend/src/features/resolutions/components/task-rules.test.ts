import { describe, expect, it } from 'vitest';
import { canAddTopLevelTask, STATUS_TRANSITIONS, statusAction, statusMoves, taskActions, type Actor } from './task-rules';

// HN (Hà Nội) with the communes BD (Ba Đình) and CG (Cầu Giấy) below it; ROOT owns the resolution.
const hnScope = new Set(['HN', 'BD', 'CG']);
const actor = (agencyId: string, roles: string[], scope: Set<string> = agencyId === 'HN' ? hnScope : new Set([agencyId])): Actor => ({ agencyId, roles, scope });
const active = { status: 'active' as const, owner_agency_id: 'ROOT' };
const topTask = { parent_id: null, lead_agency_id: 'HN', status: 'in_progress' as const };
const communeTask = { parent_id: 'p', lead_agency_id: 'BD', status: 'in_progress' as const };

describe('taskActions', () => {
  it('lets a planner decompose tasks led by its agency or below, and edit what it assigned', () => {
    const planner = actor('HN', ['planner']);
    // A top-level task led by HN was assigned by ROOT: HN decomposes it but cannot edit it.
    expect(taskActions(planner, topTask, active, undefined)).toEqual({ decompose: true, edit: false, changeStatus: true, report: false });
    // A commune task whose parent HN leads: HN assigned it, so HN edits it.
    expect(taskActions(planner, communeTask, active, 'HN')).toMatchObject({ decompose: true, edit: true, changeStatus: true });
    // A task whose parent the planner cannot see was not assigned by it.
    expect(taskActions(planner, communeTask, active, undefined).edit).toBe(false);
  });

  it('lets the lead agency’s reporter change the status and report, but not decompose or edit', () => {
    const reporter = actor('BD', ['reporter']);
    expect(taskActions(reporter, communeTask, active, 'HN')).toEqual({ decompose: false, edit: false, changeStatus: true, report: true });
    // Reporters above the lead agency do not report on its behalf.
    expect(taskActions(actor('HN', ['reporter']), communeTask, active, 'HN')).toEqual({ decompose: false, edit: false, changeStatus: false, report: false });
  });

  it('gives viewers nothing and admins everything but reporting', () => {
    expect(taskActions(actor('BD', ['viewer']), communeTask, active, 'HN')).toEqual({ decompose: false, edit: false, changeStatus: false, report: false });
    expect(taskActions(actor('ROOT', ['admin'], new Set(['ROOT'])), communeTask, active, 'HN')).toEqual({ decompose: true, edit: true, changeStatus: true, report: false });
  });

  it('allows nothing on a closed resolution, and no status move or report on a cancelled task', () => {
    const closed = { ...active, status: 'closed' as const };
    expect(taskActions(actor('HN', ['planner', 'reporter']), topTask, closed, undefined)).toEqual({ decompose: false, edit: false, changeStatus: false, report: false });
    const cancelled = { ...communeTask, status: 'cancelled' as const };
    expect(taskActions(actor('BD', ['reporter', 'planner']), cancelled, active, 'HN')).toEqual({ decompose: false, edit: false, changeStatus: false, report: false });
  });

  it('lets only planners above the owner add top-level tasks', () => {
    expect(canAddTopLevelTask(actor('HN', ['planner']), active)).toBe(false);
    expect(canAddTopLevelTask(actor('ROOT', ['planner'], new Set(['ROOT', 'HN'])), active)).toBe(true);
    expect(canAddTopLevelTask(actor('ROOT', ['planner'], new Set(['ROOT'])), { ...active, status: 'closed' })).toBe(false);
  });
});

describe('status transitions', () => {
  it('follows the documented state machine and names the buttons', () => {
    expect(STATUS_TRANSITIONS.not_started).toEqual(['in_progress', 'paused', 'cancelled']);
    expect(STATUS_TRANSITIONS.cancelled).toEqual([]);
    expect(statusAction('not_started', 'in_progress')).toBe('start');
    expect(statusAction('paused', 'in_progress')).toBe('resume');
    expect(statusAction('completed', 'in_progress')).toBe('reopen');
    expect(statusAction('in_progress', 'completed')).toBe('complete');
    expect(statusAction('paused', 'cancelled')).toBe('cancel');
  });
});

describe('statusMoves', () => {
  it('leaves completing and cancelling to planners; reporters only start, pause, resume and reopen', () => {
    expect(statusMoves(actor('HN', ['planner']), 'in_progress')).toEqual(['completed', 'paused', 'cancelled']);
    expect(statusMoves(actor('BD', ['reporter']), 'in_progress')).toEqual(['paused']);
    expect(statusMoves(actor('BD', ['reporter']), 'not_started')).toEqual(['in_progress', 'paused']);
    expect(statusMoves(actor('BD', ['reporter']), 'completed')).toEqual(['in_progress']);
    expect(statusMoves(actor('ROOT', ['admin']), 'in_progress')).toEqual(STATUS_TRANSITIONS.in_progress);
  });
});
