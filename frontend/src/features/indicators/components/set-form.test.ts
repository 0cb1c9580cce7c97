import { describe, expect, it } from 'vitest';
import type { IndicatorSet } from '../../../api/models';
import { checkWeight, repeatedIndicators, setToFormValues, toCreateSetBody, toUpdateSetBody } from './set-form';

const set: IndicatorSet = {
  id: 's1',
  code: 'BO-CT-57',
  name: 'Bộ chỉ tiêu',
  owner_agency_id: 'A',
  set_version: 1,
  status: 'draft',
  items: [{ indicator_id: 'i1', weight: 1.5 }],
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};

describe('set form', () => {
  it('refuses weights that are not numbers in (0, 1000]', () => {
    expect(checkWeight('abc')).toBe('plan.notANumber');
    expect(checkWeight('0')).toBe('plan.set.weightRange');
    expect(checkWeight('-1')).toBe('plan.set.weightRange');
    expect(checkWeight('1001')).toBe('plan.set.weightRange');
    expect(checkWeight('2,5')).toBeNull();
  });

  it('finds an indicator listed twice', () => {
    expect(repeatedIndicators([{ indicator_id: 'a', weight: '1' }, { indicator_id: 'b', weight: '1' }, { indicator_id: 'a', weight: '2' }])).toEqual([2]);
  });

  it('builds the create body with parsed weights', () => {
    expect(toCreateSetBody({ code: ' S ', name: ' N ', owner_agency_id: 'A', items: [{ indicator_id: 'i1', weight: '2,5' }] })).toEqual({
      code: 'S',
      name: 'N',
      owner_agency_id: 'A',
      items: [{ indicator_id: 'i1', weight: 2.5 }],
    });
  });

  it('sends only what changed', () => {
    const values = setToFormValues(set, 'vi');
    expect(values.items[0]?.weight).toBe('1,5');
    expect(toUpdateSetBody(values, set)).toEqual({});
    expect(toUpdateSetBody({ ...values, items: [] }, set)).toEqual({ items: [] });
    expect(toUpdateSetBody({ ...values, name: 'Mới' }, set)).toEqual({ name: 'Mới' });
  });
});
