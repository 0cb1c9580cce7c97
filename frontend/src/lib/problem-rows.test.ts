import { describe, expect, it } from 'vitest';
import type { Problem } from '../api/models';
import { translator } from './i18n/i18n';
import { problemToRows } from './problem-rows';

const problem: Problem = {
  type: 'about:blank', title: 'x', status: 422, detail: 'x', code: 'validation_failed', request_id: 'r',
  errors: [
    { field: 'interim[1].period', code: 'invalid', message: 'x' },
    { field: 'interim', code: 'invalid', message: 'x' },
  ],
};

describe('problemToRows', () => {
  it('puts a row error next to its cell and leaves the rest', () => {
    const { fields, rest } = problemToRows(problem, 'interim', translator('vi'), (field, i) => `${field === 'period' ? 'Kỳ' : field} (dòng ${i + 1})`);
    expect(fields).toEqual([{ name: ['interim', 1, 'period'], errors: ['Kỳ (dòng 2) không hợp lệ.'] }]);
    expect(rest.map((e) => e.field)).toEqual(['interim']);
  });
});
