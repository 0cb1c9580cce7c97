import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../api/models';
import { translator } from '../../../lib/i18n/i18n';
import { ApiError } from '../../../lib/problem';
import { webhookProblemToForm } from './webhook-form';

const t = translator('vi');
const refusal = (errors: Problem['errors']) =>
  new ApiError(422, { type: 'urn:restrack:problem:validation_failed', title: 'Unprocessable Entity', status: 422, detail: 'validation failed', code: 'validation_failed', request_id: 'r', errors });

describe('webhookProblemToForm', () => {
  it('puts a refused URL next to the URL field, saying in Vietnamese which rule it broke', () => {
    const at = (code: 'format' | 'forbidden' | 'invalid' | 'not_found') =>
      webhookProblemToForm(refusal([{ field: 'url', code, message: 'the English reason' }]), t);
    expect(at('invalid')).toEqual({
      fields: [{ name: 'url', errors: ['Địa chỉ công khai phải dùng https:// (http:// chỉ dùng được trong mạng nội bộ đã được cho phép).'] }],
      formMessage: null,
    });
    expect(at('forbidden').fields[0]?.errors[0]).toMatch(/^Địa chỉ nhận thuộc mạng nội bộ/);
    expect(at('format').fields[0]?.errors[0]).toMatch(/^Địa chỉ nhận phải là một URL https:\/\/ đầy đủ/);
    expect(at('not_found').fields[0]?.errors[0]).toBe('Không phân giải được tên máy chủ của địa chỉ nhận.');
    expect(JSON.stringify([at('invalid'), at('forbidden'), at('format'), at('not_found')])).not.toContain('English');
  });

  it('puts a repeated event next to the events, naming the item', () => {
    expect(webhookProblemToForm(refusal([{ field: 'events[1]', code: 'duplicate', message: 'names an event already listed' }]), t)).toEqual({
      fields: [{ name: 'events', errors: ['Sự kiện (mục 2) bị trùng hoặc đã được sử dụng.'] }],
      formMessage: null,
    });
  });

  it('says above the form why the key refuses a webhook: revoked or expired, full, unknown', () => {
    const above = (code: 'invalid' | 'range' | 'not_found') => webhookProblemToForm(refusal([{ field: 'api_key_id', code, message: 'x' }]), t);
    expect(above('invalid')).toEqual({ fields: [], formMessage: 'Khóa đã bị thu hồi hoặc đã hết hạn nên không đăng ký thêm webhook được.' });
    expect(above('range').formMessage).toBe('Khóa này đã có số webhook tối đa. Hãy xóa bớt một webhook trước khi đăng ký thêm.');
    expect(above('not_found').formMessage).toBe('Không tìm thấy API key đã chọn, hoặc nằm ngoài phạm vi của bạn.');
  });

  it('explains a refusal without field errors (403) by its code', () => {
    const forbidden = new ApiError(403, { type: 'about:blank', title: 'Forbidden', status: 403, detail: 'x', code: 'forbidden', request_id: 'r' });
    expect(webhookProblemToForm(forbidden, t)).toEqual({ fields: [], formMessage: 'Bạn không có quyền thực hiện thao tác này.' });
  });
});
