import { describe, expect, it } from 'vitest';
import { diffRecords } from './record-diff';

describe('diffRecords', () => {
  it('lists changed fields first and marks additions and removals', () => {
    const changes = diffRecords({ code: 'A', name: 'Old', kind: 'other', gone: 1 }, { code: 'A', name: 'New', kind: 'other', extra: true });
    expect(changes.map((c) => [c.field, c.kind])).toEqual([
      ['extra', 'added'],
      ['gone', 'removed'],
      ['name', 'changed'],
      ['code', 'unchanged'],
      ['kind', 'unchanged'],
    ]);
  });

  it('treats a creation (no before) as all fields added and a deletion as all removed', () => {
    expect(diffRecords(null, { a: 1 })).toEqual([{ field: 'a', before: undefined, after: 1, kind: 'added' }]);
    expect(diffRecords({ a: 1 }, null)).toEqual([{ field: 'a', before: 1, after: undefined, kind: 'removed' }]);
    expect(diffRecords(null, null)).toEqual([]);
  });
});
