import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../api/models';
import { translator } from '../../../lib/i18n/i18n';
import { calendarServerErrors, crossCheck, formToBody, parseDays } from './calendar-form';

const t = translator('vi');
const LABELS = { days: 'Số ngày', level: 'Cấp đơn vị', approval: 'Hạn phê duyệt', report: 'Hạn báo cáo' };

describe('calendar form', () => {
  it('takes whole numbers from 0 to 366 only, never clamping or rounding', () => {
    expect(parseDays('0')).toBe(0);
    expect(parseDays('366')).toBe(366);
    for (const bad of ['367', '-1', '1,5', '1.5', ' 15', '', 'mười', '1000', undefined]) expect(parseDays(bad)).toBeNull();
  });

  it('refuses a level given twice and an approval deadline before the latest reporting one', () => {
    const problems = crossCheck(
      {
        report_days: '15',
        levels: [
          { agency_kind: 'commune', report_days: '20' },
          { agency_kind: 'commune', report_days: '10' },
        ],
        approval_days: '18',
      },
      t,
    );
    expect(problems).toEqual([
      { name: ['levels', 1, 'agency_kind'], errors: ['Mỗi cấp đơn vị chỉ có một hạn riêng.'] },
      { name: 'approval_days', errors: ['Hạn phê duyệt (18 ngày) không được sớm hơn hạn báo cáo muộn nhất (20 ngày).'] },
    ]);
    expect(crossCheck({ report_days: '15', levels: [], approval_days: '' }, t)).toEqual([]);
  });

  it('sends an empty approval deadline as none', () => {
    expect(formToBody({ report_days: '15', levels: [{ agency_kind: 'commune', report_days: '10' }], approval_days: '' })).toEqual({
      report_days: 15,
      levels: [{ agency_kind: 'commune', report_days: 10 }],
      approval_days: null,
    });
  });

  it('puts the server\'s field errors on the fields, levels[i] on its line', () => {
    const problem: Problem = {
      type: 'urn:restrack:problem:validation_failed',
      title: 'Unprocessable Entity',
      status: 422,
      detail: '2 fields are invalid',
      code: 'validation_failed',
      request_id: 'r',
      errors: [
        { field: 'levels[1].agency_kind', code: 'duplicate', message: 'each agency kind appears at most once' },
        { field: 'approval_days', code: 'range', message: 'must not come before the latest reporting deadline (15 days)' },
      ],
    };
    expect(calendarServerErrors(problem, 'Dữ liệu chưa hợp lệ.', t, LABELS)).toEqual({
      fields: [
        { name: ['levels', 1, 'agency_kind'], errors: ['Cấp đơn vị (mục 2) bị trùng hoặc đã được sử dụng.'] },
        { name: 'approval_days', errors: ['Hạn phê duyệt nằm ngoài giới hạn cho phép.'] },
      ],
      formMessage: null,
    });
  });
});
