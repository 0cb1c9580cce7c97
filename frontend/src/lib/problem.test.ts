import { describe, expect, it } from 'vitest';
import type { Problem } from '../api/models';
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

describe('problemToForm', () => {
  it('puts field errors next to the matching fields and keeps the form message empty', () => {
    const result = problemToForm(
      problem({ detail: 'validation failed', errors: [{ field: 'code', message: 'already used' }, { field: 'name', message: 'too long' }] }),
      ['code', 'name', 'kind'],
      'fallback',
    );
    expect(result.fields).toEqual([
      { name: 'code', errors: ['already used'] },
      { name: 'name', errors: ['too long'] },
    ]);
    expect(result.formMessage).toBeNull();
  });

  it('groups indexed errors under their field and collects several messages', () => {
    const result = problemToForm(
      problem({ errors: [{ field: 'roles[1]', message: 'unknown role' }, { field: 'roles', message: 'at least one' }] }),
      ['roles'],
      'fallback',
    );
    expect(result.fields).toEqual([{ name: 'roles', errors: ['unknown role', 'at least one'] }]);
  });

  it('shows detail and errors for fields the form does not have above the form', () => {
    const result = problemToForm(
      problem({ detail: 'Some data is invalid', errors: [{ field: 'parent_id', message: 'outside your scope' }] }),
      ['code'],
      'fallback',
    );
    expect(result.fields).toEqual([]);
    expect(result.formMessage).toBe('Some data is invalid · parent_id: outside your scope');
  });

  it('uses the detail when there are no field errors, and the fallback without a problem', () => {
    expect(problemToForm(problem({ status: 409, detail: 'code already exists' }), ['code'], 'x').formMessage).toBe('code already exists');
    expect(problemToForm(null, ['code'], 'Server error').formMessage).toBe('Server error');
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
