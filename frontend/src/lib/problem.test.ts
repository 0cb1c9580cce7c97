import { describe, expect, it } from 'vitest';
import type { Problem } from '../api/models';
import { translator } from './i18n/i18n';
import { ApiError, problemToForm, toApiError, unwrap } from './problem';

const problem = (extra: Partial<Problem>): Problem => ({
  type: 'about:blank',
  title: 'Unprocessable Entity',
  status: 422,
  detail: '',
  code: 'validation_failed',
  request_id: 'req-1',
  ...extra,
});

const t = translator('vi');
const en = translator('en');

describe('problemToForm', () => {
  it('puts field errors next to the matching fields, translated by code with the form\'s labels', () => {
    const result = problemToForm(
      problem({ detail: 'validation failed', errors: [{ field: 'code', code: 'duplicate', message: 'already used' }, { field: 'name', code: 'length', message: 'too long' }] }),
      ['code', 'name', 'kind'],
      'Dữ liệu chưa hợp lệ.',
      t,
      { code: 'Mã đơn vị', name: 'Tên đơn vị' },
    );
    expect(result.fields).toEqual([
      { name: 'code', errors: ['Mã đơn vị bị trùng hoặc đã được sử dụng.'] },
      { name: 'name', errors: ['Tên đơn vị có độ dài hoặc kích thước không phù hợp.'] },
    ]);
    expect(result.formMessage).toBeNull();
  });

  it('groups indexed errors under their field, numbering the item, and collects several messages', () => {
    const result = problemToForm(
      problem({ errors: [{ field: 'roles[1]', code: 'invalid', message: 'unknown role' }, { field: 'roles', code: 'required', message: 'at least one' }] }),
      ['roles'],
      'x',
      t,
      { roles: 'vai trò' },
    );
    expect(result.fields).toEqual([{ name: 'roles', errors: ['Vai trò (mục 2) không hợp lệ.', 'Vui lòng nhập vai trò.'] }]);
  });

  it('a 422 range error on progress reads in Vietnamese next to the field, in English in the English UI', () => {
    const body = problem({ errors: [{ field: 'progress', code: 'range', message: 'progress must be between 0 and 100' }] });
    expect(problemToForm(body, ['period', 'progress'], t('errorCode.validation_failed'), t, { progress: t('reports.progress') }).fields).toEqual([
      { name: 'progress', errors: ['Tiến độ (%) nằm ngoài giới hạn cho phép.'] },
    ]);
    expect(problemToForm(body, ['progress'], '', en, { progress: en('reports.progress') }).fields[0]?.errors).toEqual(['Progress (%) is out of the allowed range.']);
  });

  it('shows the headline and errors for fields the form does not have above the form, never the English detail', () => {
    const result = problemToForm(
      problem({ detail: 'Some data is invalid', errors: [{ field: 'parent_id', code: 'not_found', message: 'outside your scope' }] }),
      ['code'],
      'Dữ liệu chưa hợp lệ.',
      t,
    );
    expect(result.fields).toEqual([]);
    expect(result.formMessage).toBe('Dữ liệu chưa hợp lệ. · Không tìm thấy trường “parent_id” đã chọn, hoặc nằm ngoài phạm vi của bạn.');
  });

  it('uses the headline when there are no field errors, and without a problem', () => {
    expect(problemToForm(problem({ status: 409, detail: 'code already exists' }), ['code'], 'Mã này đã được sử dụng.', t).formMessage).toBe('Mã này đã được sử dụng.');
    expect(problemToForm(null, ['code'], 'Server error', t).formMessage).toBe('Server error');
  });

  it('reads an unknown field code from a newer server as "invalid"', () => {
    const body = problem({ errors: [{ field: 'code', code: 'brand_new' as never, message: 'x' }] });
    expect(problemToForm(body, ['code'], '', t, { code: 'Mã' }).fields[0]?.errors).toEqual(['Mã không hợp lệ.']);
  });
});

describe('unwrap', () => {
  it('returns data for a success and throws ApiError with the problem and Retry-After otherwise', () => {
    expect(unwrap({ data: 1, response: new Response(null, { status: 200 }) })).toBe(1);
    const body = problem({ status: 429, title: 'Too Many Requests' });
    try {
      unwrap({ error: body, response: new Response(null, { status: 429, headers: { 'Retry-After': '42' } }) });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).status).toBe(429);
      expect((e as ApiError).retryAfterSeconds).toBe(42);
      expect((e as ApiError).problem).toEqual(body);
    }
  });

  it('does not mistake a non-problem body for a problem', () => {
    const error = toApiError('<html>bad gateway</html>', new Response(null, { status: 502 }));
    expect(error.problem).toBeNull();
    expect(error.status).toBe(502);
  });
});
