import { describe, expect, it } from 'vitest';
import type { AgencyTreeNode } from '../../../api/models';
import { ancestorIds, filterAgencyTree } from './tree-filter';

const node = (code: string, name: string, children: AgencyTreeNode[] = []): AgencyTreeNode => ({
  id: code,
  code,
  name,
  kind: 'other',
  status: 'active',
  parent_id: null,
  actions: { edit: false, edit_identity: false, add_child: false, delete: false, merge: false, dissolve: false, undo_merge: false },
  children,
});

const tree = node('ROOT', 'Trung ương', [node('HN', 'Thành phố Hà Nội', [node('HN-BD', 'Phường Ba Đình')]), node('DN', 'Thành phố Đà Nẵng')]);

describe('filterAgencyTree', () => {
  it('keeps matches with their ancestors, ignoring case and diacritics', () => {
    const result = filterAgencyTree(tree, 'ba dinh');
    expect(result?.code).toBe('ROOT');
    expect(result?.children.map((c) => c.code)).toEqual(['HN']);
    expect(result?.children[0]?.children.map((c) => c.code)).toEqual(['HN-BD']);
  });

  it('returns the whole tree for an empty query and null when nothing matches', () => {
    expect(filterAgencyTree(tree, '  ')).toBe(tree);
    expect(filterAgencyTree(tree, 'xyz')).toBeNull();
    expect(filterAgencyTree(tree, 'đà nẵng')?.children.map((c) => c.code)).toEqual(['DN']);
  });
});

describe('ancestorIds', () => {
  const at = (id: string, parent: string | null): [string, AgencyTreeNode] => [id, { ...node(id, id), parent_id: parent }];
  const index = new Map([at('ROOT', null), at('HN', 'ROOT'), at('HN-BD', 'HN'), at('LOOP-A', 'LOOP-B'), at('LOOP-B', 'LOOP-A')]);

  it('lists the agencies above one, root first', () => {
    expect(ancestorIds(index, 'HN-BD')).toEqual(['ROOT', 'HN']);
    expect(ancestorIds(index, 'ROOT')).toEqual([]);
    expect(ancestorIds(index, 'unknown')).toEqual([]);
  });

  it('stops at a cycle instead of looping', () => {
    expect(ancestorIds(index, 'LOOP-A')).toEqual(['LOOP-B']);
  });
});
