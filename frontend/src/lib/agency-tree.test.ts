import { describe, expect, it } from 'vitest';
import type { AgencyTreeNode } from '../api/models';
import { agencyTreeOptions } from './agency-tree';

const node = (id: string, status: AgencyTreeNode['status'], children: AgencyTreeNode[] = []): AgencyTreeNode => ({
  id,
  code: id.toUpperCase(),
  name: `Cơ quan ${id}`,
  kind: 'province',
  status,
  parent_id: null,
  actions: { edit: false, edit_identity: false, add_child: false, delete: false, merge: false, dissolve: false, undo_merge: false },
  children,
});

describe('agencyTreeOptions', () => {
  const tree = node('tq', 'active', [node('hg', 'merged', [node('x', 'active')]), node('d', 'dissolved')]);

  it('shows merged and dissolved agencies but does not let them be picked for new work', () => {
    const [hg, d] = agencyTreeOptions(tree).children;
    expect(hg?.disabled).toBe(true);
    expect(d?.disabled).toBe(true);
    expect(hg?.children[0]?.disabled).toBe(false);
    expect(hg?.children[0]?.title).toBe('X — Cơ quan x');
  });

  it('lets filters pick them, to look at their history', () => {
    const options = agencyTreeOptions(tree, true);
    expect(options.children.every((o) => !o.disabled)).toBe(true);
  });
});
