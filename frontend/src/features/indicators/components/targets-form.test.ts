import { describe, expect, it } from 'vitest';
import { checkTargetPeriod, checkTargetValue, duplicateRows, targetsToRows, toPutTargetsBody } from './targets-form';

describe('targets form', () => {
  it('refuses a figure that is not a number or out of the value type', () => {
    expect(checkTargetValue('abc', 'number')).toBe('plan.notANumber');
    expect(checkTargetValue('', 'number')).toBe('plan.notANumber');
    expect(checkTargetValue('-5', 'percent')).toBe('entry.percentRange');
    expect(checkTargetValue('120', 'percent')).toBe('entry.percentRange');
    expect(checkTargetValue('2', 'boolean')).toBe('entry.booleanRange');
    expect(checkTargetValue('12,5', 'number')).toBeNull();
  });

  it('asks for periods of the indicator frequency', () => {
    expect(checkTargetPeriod('2026-Q1', 'quarterly')).toBeNull();
    expect(checkTargetPeriod('2026', 'quarterly')).toBe('plan.periodFrequency');
    expect(checkTargetPeriod('2026', 'yearly')).toBeNull();
    expect(checkTargetPeriod('Q1/2026', 'yearly')).toBe('plan.badPeriod');
  });

  it('finds a repeated agency and period', () => {
    expect(duplicateRows([{ agency_id: '', period: '2026' }, { agency_id: 'A', period: '2026' }, { agency_id: '', period: '2026 ' }])).toEqual([2]);
  });

  it('builds the PUT body: every agency as null, decimal comma read', () => {
    expect(toPutTargetsBody({ interim: [{ agency_id: '', period: '2026', value: '12,5' }, { agency_id: 'A', period: ' 2027 ', value: '20' }] })).toEqual({
      interim: [
        { agency_id: null, period: '2026', value: 12.5 },
        { agency_id: 'A', period: '2027', value: 20 },
      ],
    });
    expect(targetsToRows([{ agency_id: null, period: '2026', value: 12.5 }], 'vi')).toEqual([{ agency_id: '', period: '2026', value: '12,5' }]);
  });
});
