import { describe, expect, it } from 'vitest';
import type { ImportResult } from '../../../api/models';
import { ApiError } from '../../../lib/problem';
import { IMPORT_COLUMNS, canApply, contentTypeFor, fileKey, importOutcome } from './import-result';

const rejected: ImportResult = {
  import_id: 'I1',
  kind: 'agencies',
  dry_run: true,
  status: 'rejected',
  counts: { created: 0, updated: 0, unchanged: 0, rejected: 1 },
  errors: [{ row: 2, field: 'kind', code: 'invalid', message: '"planet" is not an allowed value' }],
  actor_name: 'admin',
  started_at: '2026-11-23T13:00:33Z',
  finished_at: '2026-11-23T13:00:33Z',
};
const validated: ImportResult = { ...rejected, status: 'validated', counts: { created: 1, updated: 0, unchanged: 0, rejected: 0 }, errors: [] };
const response = (status: number) => new Response(null, { status });

describe('import outcome', () => {
  it('returns the result of a dry run or an applied import', () => {
    expect(importOutcome({ data: validated, response: response(200) })).toBe(validated);
  });

  it('treats the 422 body of a rejected import as a result with its row errors', () => {
    const result = importOutcome({ error: rejected, response: response(422) });
    expect(result.status).toBe('rejected');
    expect(result.errors[0]).toMatchObject({ row: 2, field: 'kind' });
  });

  it('throws an ApiError for a 422 problem document and other failures', () => {
    const problem = { type: 'about:blank', title: 'Unprocessable', status: 422, detail: 'bad', code: 'validation', request_id: 'r' };
    expect(() => importOutcome({ error: problem, response: response(422) })).toThrow(ApiError);
    try {
      importOutcome({ error: { ...problem, status: 415, title: 'Unsupported' }, response: response(415) });
    } catch (error) {
      expect((error as ApiError).status).toBe(415);
    }
  });
});

describe('import file handling', () => {
  it('sends .csv as text/csv and .json as application/json, refuses others', () => {
    expect(contentTypeFor('Don-vi.CSV')).toBe('text/csv');
    expect(contentTypeFor('values.json')).toBe('application/json');
    expect(contentTypeFor('values.xlsx')).toBeNull();
  });

  it('applies only the very file and kind whose dry run passed', () => {
    const file = { name: 'a.csv', size: 10, lastModified: 1 };
    const key = fileKey(file, 'agencies');
    expect(canApply({ key, result: validated }, key)).toBe(true);
    expect(canApply({ key, result: rejected }, key)).toBe(false);
    expect(canApply({ key, result: validated }, fileKey(file, 'tasks'))).toBe(false);
    expect(canApply({ key, result: validated }, fileKey({ ...file, size: 11 }, 'agencies'))).toBe(false);
    expect(canApply(null, key)).toBe(false);
  });

  it('lists the documented columns', () => {
    expect(IMPORT_COLUMNS.agencies).toEqual(['code', 'name', 'kind', 'parent_code']);
    expect(IMPORT_COLUMNS['indicator-values']).toContain('evidence_url');
  });
});
