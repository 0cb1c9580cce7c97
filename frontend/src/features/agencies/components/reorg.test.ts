import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../api/models';
import { translator } from '../../../lib/i18n/i18n';
import { ApiError } from '../../../lib/problem';
import { describeReorgError, parseAsOf } from './reorg';

describe('parseAsOf', () => {
  it('accepts real calendar dates only', () => {
    expect(parseAsOf('2026-09-30')).toBe('2026-09-30');
    expect(parseAsOf('2024-02-29')).toBe('2024-02-29');
    for (const bad of [null, undefined, '', '2026-9-30', '2026-02-30', '2026-13-01', '30/09/2026', '2026-09-30T00:00:00Z', 'today']) {
      expect(parseAsOf(bad)).toBeNull();
    }
  });
});

describe('describeReorgError', () => {
  const t = translator('vi');
  const problem = (status: number, code: Problem['code'], detail: string): ApiError =>
    new ApiError(status, { type: `urn:restrack:problem:${code}`, title: 'Conflict', status, detail, code, request_id: 'r' } satisfies Problem);

  it('gives still_open a headline and keeps the server\'s list of what is open', () => {
    const detail = 'the agency still has 1 open task(s) it leads, 2 active user account(s); move or close them first';
    expect(describeReorgError(problem(409, 'still_open', detail), t)).toEqual({ title: t('dissolve.stillOpen'), detail });
  });

  it('explains written_since and not_merged with the server\'s detail', () => {
    expect(describeReorgError(problem(409, 'written_since', '4 change(s) were made since the merge'), t)).toEqual({
      title: 'Không thể hoàn tác: đã có thay đổi kể từ khi hợp nhất.',
      detail: '4 change(s) were made since the merge',
    });
    expect(describeReorgError(problem(409, 'not_merged', 'this agency has no merge to undo'), t).title).toBe(t('undoMerge.notMerged'));
    expect(describeReorgError(problem(409, 'not_active', 'the agency is not active'), t).title).toBe(t('reorg.notActive'));
  });

  it('says why an agency cannot be deleted, with the server\'s detail', () => {
    expect(describeReorgError(problem(409, 'has_children', 'the agency has 2 sub-agencies'), t)).toEqual({
      title: 'Chưa thể xóa: đơn vị còn đơn vị trực thuộc.',
      detail: 'the agency has 2 sub-agencies',
    });
    expect(describeReorgError(problem(409, 'has_users', 'the agency has 1 user accounts'), t).title).toBe(t('deleteAgency.hasUsers'));
    expect(describeReorgError(problem(409, 'still_referenced', 'the object is referenced by other records'), t).title).toBe(t('deleteAgency.stillReferenced'));
  });

  it('falls back to the general description, translated by code, for anything else', () => {
    expect(describeReorgError(problem(403, 'forbidden', 'dissolving needs an administrator above the agency'), t)).toEqual({
      title: 'Bạn không có quyền thực hiện thao tác này.',
      detail: null,
    });
    expect(describeReorgError(new ApiError(500, null), t)).toEqual({ title: t('error.server'), detail: null });
    expect(describeReorgError(new TypeError('Failed to fetch'), t)).toEqual({ title: t('error.network'), detail: null });
  });
});
