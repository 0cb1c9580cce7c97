import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import type { Task } from '../../../api/models';
import { newTaskDefaults, suggestChildCode, taskToFormValues, toCreateBody, toUpdateBody, withUnknownAgencies } from './task-form';

const noActions = { edit: false, delete: false, status_moves: [], report: false, decompose: false, link_kpi: false, issue_directive: false,
  move_due_date: false,
  propose_completion: false,
  decide_completion: false,
  request_change: false,
  decide_requests: false };

const task: Task = {
  actions: noActions,
  id: 't1',
  resolution_id: 'r1',
  parent_id: 'p1',
  code: '57-NQ/TW.3.2',
  title: 'Chuyển đổi số cấp xã',
  description: '',
  lead_agency_id: 'HN',
  coordinating_agency_ids: ['A', 'B'],
  start_date: '2026-03-18',
  due_date: '2027-04-12',
  original_due_date: '2027-04-12',
  evaluation_due_date: '2027-04-12',
  status: 'in_progress',
  progress: 45,
  weight: 1,
  health: 'at_risk',
  depth: 1,
  child_count: 3,
  created_at: '',
  updated_at: '',
};

describe('task form', () => {
  it('suggests the next numbered child code', () => {
    expect(suggestChildCode('57-NQ/TW.3', ['57-NQ/TW.3.1', '57-NQ/TW.3.2', '57-NQ/TW.3.X'])).toBe('57-NQ/TW.3.3');
    expect(suggestChildCode('57-NQ/TW.3', [])).toBe('57-NQ/TW.3.1');
    expect(suggestChildCode('57-NQ/TW.3', ['57-NQ/TW.3.10', '57-NQ/TW.3.2.1'])).toBe('57-NQ/TW.3.11');
  });

  it('starts a sub-task with the parent’s lead agency, today and the parent’s due date', () => {
    const d = newTaskDefaults(task, 'ignored', ['57-NQ/TW.3.2.1'], dayjs('2026-11-23T10:00:00'));
    expect(d.code).toBe('57-NQ/TW.3.2.2');
    expect(d.lead_agency_id).toBe('HN');
    expect(d.start_date?.format('YYYY-MM-DD')).toBe('2026-11-23');
    expect(d.due_date?.format('YYYY-MM-DD')).toBe('2027-04-12');
    // Before the parent starts, the sub-task starts with it.
    expect(newTaskDefaults(task, '', [], dayjs('2026-01-01')).start_date?.format('YYYY-MM-DD')).toBe('2026-03-18');
    expect(newTaskDefaults(null, '57-NQ/TW', ['57-NQ/TW.1'], dayjs('2026-01-01')).code).toBe('57-NQ/TW.2');
  });

  it('builds the create body with trimmed text and API dates', () => {
    const values = { ...taskToFormValues(task), code: ' 57-NQ/TW.3.2.9 ', title: ' Mới ' };
    expect(toCreateBody(values, 'r1', 'p9')).toEqual({
      resolution_id: 'r1',
      parent_id: 'p9',
      code: '57-NQ/TW.3.2.9',
      title: 'Mới',
      description: '',
      lead_agency_id: 'HN',
      coordinating_agency_ids: ['A', 'B'],
      start_date: '2026-03-18',
      due_date: '2027-04-12',
      weight: 1,
    });
    expect(toCreateBody(values, 'r1', null)).not.toHaveProperty('parent_id');
  });

  it('sends only changed fields in a PATCH, ignoring coordinator order', () => {
    expect(toUpdateBody({ ...taskToFormValues(task), coordinating_agency_ids: ['B', 'A'] }, task)).toEqual({});
    expect(toUpdateBody({ ...taskToFormValues(task), due_date: dayjs('2027-01-31'), weight: 2, coordinating_agency_ids: ['A'] }, task)).toEqual({
      due_date: '2027-01-31',
      weight: 2,
      coordinating_agency_ids: ['A'],
    });
  });

  it('labels selected agencies the user cannot see', () => {
    const options = [{ value: 'HN', title: 'HN', children: [{ value: 'BD', title: 'BD', children: [] }] }];
    expect(withUnknownAgencies(options, ['BD', 'FAR', undefined, 'FAR'], 'Đơn vị khác')).toEqual([...options, { value: 'FAR', title: 'Đơn vị khác', children: [] }]);
  });
});
