import { describe, expect, it } from 'vitest';
import type { Agency, Problem } from '../../../api/models';
import { translator } from '../../../lib/i18n/i18n';
import { ApiError } from '../../../lib/problem';
import { agencyActions, describeReorgError, parseAsOf } from './agency-actions';

type Subject = Pick<Agency, 'id' | 'status' | 'parent_id'>;
const ROOT: Subject = { id: 'root', status: 'active', parent_id: null };
const HN: Subject = { id: 'hn', status: 'active', parent_id: 'root' };
const WARD: Subject = { id: 'ward', status: 'active', parent_id: 'hn' };
const MERGED: Subject = { id: 'hg', status: 'merged', parent_id: 'tq' };
const DISSOLVED: Subject = { id: 'old', status: 'dissolved', parent_id: 'hn' };

const admin = { roles: ['admin'], ownAgencyId: 'root', asOf: null };
const agencyAdmin = { roles: ['agency_admin'], ownAgencyId: 'hn', asOf: null };

describe('agencyActions', () => {
  it('offers an admin merge and dissolve of an active agency below their own', () => {
    expect(agencyActions(HN, admin)).toEqual({ edit: true, addChild: 'enabled', merge: true, dissolve: true, undoMerge: false });
  });

  it('never offers merging or dissolving the root or the user\'s own agency', () => {
    expect(agencyActions(ROOT, admin)).toMatchObject({ merge: false, dissolve: false, edit: true, addChild: 'enabled' });
    expect(agencyActions(HN, agencyAdmin)).toMatchObject({ merge: false, dissolve: false });
    // An admin somewhere below the root: the root is not theirs, but it has no parent.
    expect(agencyActions(ROOT, { ...admin, ownAgencyId: 'hn' })).toMatchObject({ merge: false, dissolve: false });
  });

  it('lets an agency admin dissolve below their agency, but not undo a merge', () => {
    expect(agencyActions(WARD, agencyAdmin)).toMatchObject({ merge: true, dissolve: true, undoMerge: false });
    expect(agencyActions(MERGED, agencyAdmin)).toMatchObject({ merge: false, dissolve: false, undoMerge: false });
  });

  it('offers undo only to admins and only for merged agencies', () => {
    expect(agencyActions(MERGED, admin)).toEqual({ edit: true, addChild: 'disabled', merge: false, dissolve: false, undoMerge: true });
    expect(agencyActions(HN, admin).undoMerge).toBe(false);
    expect(agencyActions(DISSOLVED, admin)).toEqual({ edit: true, addChild: 'disabled', merge: false, dissolve: false, undoMerge: false });
  });

  it('offers nothing to roles that do not administer agencies', () => {
    for (const roles of [['planner'], ['viewer'], ['reporter', 'approver'], []]) {
      expect(agencyActions(WARD, { roles, ownAgencyId: 'hn', asOf: null })).toEqual({ edit: false, addChild: 'hidden', merge: false, dissolve: false, undoMerge: false });
      expect(agencyActions(MERGED, { roles, ownAgencyId: 'root', asOf: null }).undoMerge).toBe(false);
    }
  });

  it('offers nothing while a past date is shown', () => {
    for (const agency of [HN, MERGED, WARD]) {
      expect(agencyActions(agency, { ...admin, asOf: '2026-09-30' })).toEqual({ edit: false, addChild: 'hidden', merge: false, dissolve: false, undoMerge: false });
    }
  });
});

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
  const problem = (status: number, code: string, detail: string): ApiError =>
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

  it('falls back to the general description for anything else', () => {
    expect(describeReorgError(problem(403, 'forbidden', 'dissolving needs an administrator above the agency'), t)).toEqual({
      title: 'dissolving needs an administrator above the agency',
      detail: null,
    });
    expect(describeReorgError(new ApiError(500, null), t)).toEqual({ title: t('error.server'), detail: null });
    expect(describeReorgError(new TypeError('Failed to fetch'), t)).toEqual({ title: t('error.network'), detail: null });
  });
});
