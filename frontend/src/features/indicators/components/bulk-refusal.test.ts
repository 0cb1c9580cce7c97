import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../api/models';
import { ApiError } from '../../../lib/problem';
import { bulkRefusals, isBulkRefusal, refusalReason } from './bulk-refusal';

const refused = (errors: Problem['errors']): ApiError =>
  new ApiError(409, { type: 'urn:restrack:problem:bulk_refused', title: 'Conflict', status: 409, detail: 'nothing was decided', code: 'bulk_refused', request_id: 'r', errors });

describe('bulk refusals', () => {
  it('maps ids[i] back to the i-th id sent', () => {
    const error = refused([
      { field: 'ids[2]', code: 'conflict', message: 'v3: a approved value cannot be approved' },
      { field: 'ids[0]', code: 'forbidden', message: 'v1: not yours' },
    ]);
    expect(bulkRefusals(error, ['v1', 'v2', 'v3'])).toEqual([
      { id: 'v3', index: 2, code: 'conflict' },
      { id: 'v1', index: 0, code: 'forbidden' },
    ]);
  });

  it('leaves out what names no id that was sent, and anything that is not a bulk refusal', () => {
    expect(bulkRefusals(refused([{ field: 'ids[7]', code: 'not_found', message: '' }, { field: 'reason', code: 'required', message: '' }]), ['v1'])).toEqual([]);
    const conflict = new ApiError(409, { type: 't', title: 'Conflict', status: 409, detail: '', code: 'illegal_transition', request_id: 'r' });
    expect(isBulkRefusal(conflict)).toBe(false);
    expect(bulkRefusals(conflict, ['v1'])).toEqual([]);
    expect(bulkRefusals(new Error('network'), ['v1'])).toEqual([]);
  });

  it('explains each code in words of its own, unknown codes included', () => {
    expect(refusalReason('conflict')).toBe('bulk.reason.conflict');
    expect(refusalReason('forbidden')).toBe('bulk.reason.forbidden');
    expect(refusalReason('something_new')).toBe('bulk.reason.other');
  });
});
