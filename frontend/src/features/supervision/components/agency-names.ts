import { useCallback, useMemo } from 'react';
import { indexAgencyTree, useAgencyTree } from '../../../lib/agency-tree';
import { useCurrentUser } from '../../../lib/current-user';

/** Names of the agencies of the user's subtree, where the lead agencies of the tasks it assigned are. */
export function useAgencyNames(): (id: string) => string | undefined {
  const me = useCurrentUser();
  const tree = useAgencyTree(me.data?.agency_id);
  const index = useMemo(() => indexAgencyTree(tree.data), [tree.data]);
  return useCallback((id: string) => index.get(id)?.name, [index]);
}
