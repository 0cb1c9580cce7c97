import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../api/models';
import { translator } from '../../../lib/i18n/i18n';
import { formatSize, recipientErrors, scheduleName } from './schedule-data';

const t = translator('vi');
const problem = (errors: Problem['errors']): Problem => ({ type: 'about:blank', title: 'Unprocessable', status: 422, code: 'validation_failed', errors } as Problem);
const names: Record<string, string> = { a: 'Nguyễn Văn An', b: 'Trần Thị Bình' };

describe('the recipients the server refuses', () => {
  it('are named by the place the error points at', () => {
    const { messages, rest } = recipientErrors(
      problem([
        { field: 'recipient_ids[1]', code: 'not_found', message: 'x' },
        { field: 'recipient_ids.0', code: 'duplicate', message: 'x' },
        { field: 'agency_id', code: 'not_found', message: 'x' },
      ]),
      ['a', 'b'],
      (id) => names[id] ?? id,
      t,
    );
    expect(messages).toEqual(['Trần Thị Bình không thuộc đơn vị được báo cáo hoặc một đơn vị cấp trên.', 'Nguyễn Văn An đã được chọn.']);
    expect(rest?.errors?.map((e) => e.field)).toEqual(['agency_id']);
  });
});

describe('a schedule', () => {
  it('is named by its agency, kind, format and resolution', () => {
    expect(scheduleName({ agency_name: 'Văn phòng Trung ương', period_kind: 'quarter', format: 'docx' }, t, '57-NQ/TW')).toBe('Văn phòng Trung ương — Hằng quý, Word (.docx) (57-NQ/TW)');
  });
  it('shows sizes in B, KB and MB with a decimal comma', () => {
    expect([formatSize(845, 'vi'), formatSize(12_595, 'vi'), formatSize(1_258_291, 'vi')]).toEqual(['845 B', '12,3 KB', '1,2 MB']);
  });
});
