import { useCallback, useMemo } from 'react';
import { agencyTreeOptions, indexAgencyTree, useAgencyTree, type AgencyOption } from '../../../lib/agency-tree';
import { useCurrentUser } from '../../../lib/current-user';

/**
 * The user's agency subtree: names for ids and options for pickers. Agencies outside the subtree (an owner above the user) have no name here.
 */
export function useAgencyDirectory() {
  const me = useCurrentUser();
  const tree = useAgencyTree(me.data?.agency_id);
  const index = useMemo(() => indexAgencyTree(tree.data), [tree.data]);
  const options = useMemo<AgencyOption[]>(() => (tree.data ? [agencyTreeOptions(tree.data)] : []), [tree.data]);
  const nameOf = useCallback((id: string): string | undefined => index.get(id)?.name, [index]);
  return { me, tree, index, options, nameOf };
}
