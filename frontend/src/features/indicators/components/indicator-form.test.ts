import { describe, expect, it } from 'vitest';
import type { Indicator } from '../../../api/models';
import { checkFigure, clearedFields, checkPair, checkPeriod, indicatorToFormValues, newIndicatorDefaults, toCreateIndicatorBody, toUpdateIndicatorBody, type IndicatorFormValues } from './indicator-form';

const INDICATOR: Indicator = {
  id: 'I1', code: 'CT-01', name: 'Tỷ lệ', description: '', group: 'output', unit: '%', value_type: 'percent', direction: 'increase',
  aggregation: 'average', frequency: 'yearly', owner_agency_id: 'HN', owner_agency_name: 'Hà Nội', reporting_agency_ids: [], reporting_agency_kind: 'commune',
  drives_task_progress: false, definition: 'Đ', data_source: '', method: '', verification: '', locked: false, baseline_value: 12.5, baseline_period: '2025',
  target_value: 80, target_period: '2030', created_at: '', updated_at: '', actions: { edit: true, set_targets: true, write_agency_ids: [] },
};

const values: IndicatorFormValues = {
  ...(newIndicatorDefaults('HN') as IndicatorFormValues),
  code: ' CT-02 ',
  name: ' Số hồ sơ ',
  group: 'input',
  unit: 'hồ sơ',
  baseline_value: '12,5',
  baseline_period: '2025',
  target_value: '',
  target_period: '',
  task_id: 'T1',
  drives_task_progress: true,
};

describe('indicator form rules', () => {
  it('refuses a figure that is not a number, or out of the value type', () => {
    expect(checkFigure('abc', 'number')).toBe('plan.notANumber');
    expect(checkFigure('-1', 'percent')).toBe('entry.percentRange');
    expect(checkFigure('-1', 'number')).toBeNull();
    expect(checkFigure('', 'number')).toBeNull();
  });

  it('refuses a period the API would refuse and half a pair', () => {
    expect(checkPeriod('2025-Q5')).toBe('plan.badPeriod');
    expect(checkPeriod('2025-Q4')).toBeNull();
    expect(checkPair('12', '')).toBe('plan.valueAndPeriod');
    expect(checkPair('', '')).toBeNull();
  });
});

describe('indicator bodies', () => {
  it('builds the create body: trimmed text, parsed numbers, the owner alone reporting', () => {
    expect(toCreateIndicatorBody(values)).toMatchObject({
      code: 'CT-02', name: 'Số hồ sơ', group: 'input', owner_agency_id: 'HN', baseline_value: 12.5, baseline_period: '2025',
      target_value: null, target_period: null, reporting_agency_ids: [], reporting_agency_kind: null, task_id: 'T1', drives_task_progress: true, formula: null,
    });
  });

  it('sends only what changed on edit', () => {
    const form = indicatorToFormValues({ ...INDICATOR, task_id: 'T1' }, 'vi');
    expect(form.baseline_value).toBe('12,5');
    expect(form.reporting_mode).toBe('kind');
    expect(toUpdateIndicatorBody(form, { ...INDICATOR, task_id: 'T1' })).toEqual({});
    expect(toUpdateIndicatorBody({ ...form, target_value: '90', task_id: 'T2' }, { ...INDICATOR, task_id: 'T1' })).toEqual({ target_value: 90, task_id: 'T2' });
  });

  it('names the fields emptied on edit, which the API cannot clear', () => {
    const original = { ...INDICATOR, task_id: 'T1' };
    const form = indicatorToFormValues(original, 'vi');
    expect(clearedFields(form, original)).toEqual([]);
    expect(clearedFields({ ...form, target_value: '', task_id: undefined }, original)).toEqual(['target_value']);
    // Emptying the linked task unlinks it (and stops it driving the task's progress).
    expect(toUpdateIndicatorBody({ ...form, task_id: undefined }, original)).toEqual({ task_id: null });
    const driving = { ...original, drives_task_progress: true, target_value: 100 };
    expect(toUpdateIndicatorBody({ ...indicatorToFormValues(driving, 'vi'), task_id: undefined }, driving)).toEqual({ task_id: null, drives_task_progress: false });
  });
});
