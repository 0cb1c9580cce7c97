import { describe, expect, it } from 'vitest';
import type { AgencyTreeNode } from '../../../api/models';
import { filterAgencyTree } from './tree-filter';

const node = (code: string, name: string, children: AgencyTreeNode[] = []): AgencyTreeNode => ({
  id: code,
  code,
  name,
  kind: 'other',
  status: 'active',
  parent_id: null,
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
