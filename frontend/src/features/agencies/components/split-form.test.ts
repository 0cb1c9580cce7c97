import { describe, expect, it } from 'vitest';
import type { Problem, SplitReport } from '../../../api/models';
import { translator } from '../../../lib/i18n/i18n';
import { canConfirmSplit, formatShare, mapSplitErrors, parseShare, toSplitBody } from './split-form';

const t = translator('vi');

describe('parseShare', () => {
  it('takes a decimal comma or point as typed, never clamped or rounded', () => {
    expect(parseShare('0,6')).toBe(0.6);
    expect(parseShare(' 0.4 ')).toBe(0.4);
    expect(parseShare('0,333333')).toBe(0.333333);
    expect(parseShare('1,5')).toBe(1.5); // out of range: the server says so
    expect(parseShare('-0,2')).toBe(-0.2);
    expect(parseShare(',5')).toBe(0.5);
  });
  it('refuses what is not a plain decimal number', () => {
    for (const text of ['', 'abc', '0,6,1', '60%', '1e-1', '0.6.1']) expect(parseShare(text)).toBeNull();
  });
});

describe('formatShare', () => {
  it('reads as a percentage with the decimal comma in Vietnamese', () => {
    expect(formatShare(0.6, 'vi')).toBe('60 %');
    expect(formatShare(1 / 3, 'vi')).toBe('33,33 %');
    expect(formatShare(1 / 3, 'en')).toBe('33.33 %');
  });
});

describe('toSplitBody', () => {
  it('sends the shares as typed and the effective day', () => {
    const result = toSplitBody([{ key: 0, agencyId: 'A', share: '0,6' }, { key: 1, agencyId: 'B', share: '0.4' }], '2025-07-01', t);
    expect(result.body).toEqual({ successors: [{ agency_id: 'A', share: 0.6 }, { agency_id: 'B', share: 0.4 }], effective_on: '2025-07-01' });
  });
  it('names the row without an agency and the share that is no number, and sends nothing', () => {
    const result = toSplitBody([{ key: 0, share: '0,6' }, { key: 1, agencyId: 'B', share: 'bốn' }], null, t);
    expect(result.body).toBeNull();
    expect(result.rowErrors).toEqual([{ agency: 'Vui lòng chọn đơn vị kế thừa.' }, { share: 'Tỷ lệ phải là một số thập phân, vd. 0,6 hoặc 0.6.' }]);
  });
});

const problem = (errors: NonNullable<Problem['errors']>): Problem => ({
  type: 'urn:restrack:problem:validation_failed',
  title: 'Unprocessable Entity',
  status: 422,
  detail: 'validation failed',
  code: 'validation_failed',
  request_id: 'r',
  errors,
});

describe('mapSplitErrors', () => {
  const body = { successors: [{ agency_id: 'A', share: 0.5 }, { agency_id: 'B', share: 0.4 }] };
  it('says the sum of the shares sent when they do not sum to 1, on the form', () => {
    const mapped = mapSplitErrors(problem([{ field: 'successors', code: 'invalid', message: 'the shares sum to 0.9, not 1' }]), body, 2, t, 'vi');
    expect(mapped.form).toEqual(['Tổng các tỷ lệ là 0,9, phải bằng 1.']);
    expect(mapped.rows).toEqual([{}, {}]);
  });
  it('puts successors[i].share at row i\'s share and successors[i].agency_id at its agency', () => {
    const mapped = mapSplitErrors(
      problem([
        { field: 'successors[1].share', code: 'range', message: 'must be more than 0 and at most 1' },
        { field: 'successors[0].agency_id', code: 'duplicate', message: 'names the same successor twice' },
        { field: 'effective_on', code: 'range', message: 'in the future' },
      ]),
      body,
      2,
      t,
      'vi',
    );
    expect(mapped.rows[1]).toEqual({ share: 'Tỷ lệ nằm ngoài giới hạn cho phép.' });
    expect(mapped.rows[0]).toEqual({ agency: 'Đơn vị kế thừa bị trùng hoặc đã được sử dụng.' });
    expect(mapped.effectiveOn).toBe('Ngày hiệu lực nằm ngoài giới hạn cho phép.');
    expect(mapped.form).toEqual([]);
  });
  it('explains too few successors', () => {
    const mapped = mapSplitErrors(problem([{ field: 'successors', code: 'length', message: 'a split needs at least two successors' }]), body, 2, t, 'vi');
    expect(mapped.form).toEqual(['Cần ít nhất hai đơn vị kế thừa (một đơn vị kế thừa là hợp nhất).']);
  });
});

describe('canConfirmSplit', () => {
  const body = { successors: [{ agency_id: 'A', share: 0.6 }, { agency_id: 'B', share: 0.4 }] };
  const report = (shares: number[], dryRun = true): SplitReport =>
    ({ source_id: 'S', principal_id: 'A', dry_run: dryRun, successors: shares.map((share, i) => ({ agency_id: i === 0 ? 'A' : 'B', share })), handed_over: {} }) as unknown as SplitReport;
  it('only after a preview of this very split', () => {
    expect(canConfirmSplit(report([0.6, 0.4]), 'S', body)).toBe(true);
    expect(canConfirmSplit(report([0.5, 0.5]), 'S', body)).toBe(false);
    expect(canConfirmSplit(report([0.6, 0.4]), 'OTHER', body)).toBe(false);
    expect(canConfirmSplit(report([0.6, 0.4], false), 'S', body)).toBe(false);
    expect(canConfirmSplit(null, 'S', body)).toBe(false);
  });
});
