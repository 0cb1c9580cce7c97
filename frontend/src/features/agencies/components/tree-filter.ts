import type { AgencyTreeNode } from '../../../api/models';

/** Lower-case without Vietnamese diacritics, so "ha noi" finds "Hà Nội". */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

/** Keeps nodes whose code or name matches, with their ancestors; null when nothing matches. */
export function filterAgencyTree(node: AgencyTreeNode, query: string): AgencyTreeNode | null {
  const q = foldText(query.trim());
  if (!q) return node;
  const children = node.children.map((c) => filterAgencyTree(c, query)).filter((c): c is AgencyTreeNode => c !== null);
  const matches = foldText(node.code).includes(q) || foldText(node.name).includes(q);
  return matches || children.length > 0 ? { ...node, children } : null;
}

export function collectIds(node: AgencyTreeNode, into: string[] = []): string[] {
  into.push(node.id);
  node.children.forEach((c) => collectIds(c, into));
  return into;
}

/** The ids of the agencies above `id` (root first), following `parent_id` through the index. */
export function ancestorIds(index: ReadonlyMap<string, AgencyTreeNode>, id: string): string[] {
  const path: string[] = [];
  const seen = new Set<string>([id]);
  let parent = index.get(id)?.parent_id ?? null;
  while (parent && index.has(parent) && !seen.has(parent)) {
    path.unshift(parent);
    seen.add(parent);
    parent = index.get(parent)?.parent_id ?? null;
  }
  return path;
}
