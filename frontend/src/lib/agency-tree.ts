import { useQuery } from '@tanstack/react-query';
import type { AgencyTreeNode } from '../api/models';
import { apiClient } from './api-client';
import { unwrap } from './problem';

export const agencyTreeKey = (rootId: string, asOf?: string | null) =>
  asOf ? (['agencies', 'tree', rootId, 'as-of', asOf] as const) : (['agencies', 'tree', rootId] as const);

/**
 * The agency subtree the user may see, rooted at their own agency; with `asOf` (`YYYY-MM-DD`) the
 * subtree as it was at the end of that day (404 when the root did not exist yet).
 */
export function useAgencyTree(rootId: string | undefined, asOf?: string | null) {
  return useQuery({
    queryKey: agencyTreeKey(rootId ?? '', asOf),
    enabled: Boolean(rootId),
    queryFn: async ({ signal }): Promise<AgencyTreeNode> =>
      unwrap(
        await apiClient.GET('/api/v1/agencies/{id}/tree', {
          params: { path: { id: rootId ?? '' }, query: asOf ? { as_of: asOf } : undefined },
          signal,
        }),
      ),
    staleTime: 60_000,
  });
}

/** id → node, for showing agency names next to ids. */
export function indexAgencyTree(root: AgencyTreeNode | undefined): Map<string, AgencyTreeNode> {
  const index = new Map<string, AgencyTreeNode>();
  const visit = (node: AgencyTreeNode) => {
    index.set(node.id, node);
    node.children.forEach(visit);
  };
  if (root) visit(root);
  return index;
}

export interface AgencyOption {
  value: string;
  title: string;
  /** Merged and dissolved agencies stay in the tree (their history is there) but take no new work. */
  disabled?: boolean;
  children: AgencyOption[];
}

/**
 * Shape for antd TreeSelect. Agencies that are no longer active are shown but cannot be picked,
 * unless `inactiveSelectable` (filters and scopes, where their history is worth looking at).
 */
export function agencyTreeOptions(node: AgencyTreeNode, inactiveSelectable = false): AgencyOption {
  return {
    value: node.id,
    title: `${node.code} — ${node.name}`,
    disabled: !inactiveSelectable && node.status !== 'active',
    children: node.children.map((child) => agencyTreeOptions(child, inactiveSelectable)),
  };
}
