import type { TaskNode } from '../../../api/models';

/** One row of the resolution's tree table. */
export type TaskRow = Omit<TaskNode, 'children'> & {
  key: string;
  /** The parent's lead agency; undefined for a task whose parent the user cannot see. */
  parentLeadAgencyId: string | undefined;
  /** Absent for leaves, so the table shows no expand icon for them. */
  children?: TaskRow[];
};

const byCode = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });

/** Turns the API's nested tasks into tree-table rows, siblings in natural code order (…2, …10). */
export function buildTaskRows(nodes: readonly TaskNode[], parent?: Pick<TaskNode, 'id' | 'lead_agency_id'>): TaskRow[] {
  return [...nodes]
    .sort((a, b) => byCode.compare(a.code, b.code))
    .map(({ children, ...task }) => {
      const rows = buildTaskRows(children, task);
      return {
        ...task,
        key: task.id,
        parentLeadAgencyId: parent && task.parent_id === parent.id ? parent.lead_agency_id : undefined,
        ...(rows.length > 0 ? { children: rows } : {}),
      };
    });
}

/** Keys of every row that has children (for "expand all"). */
export function expandableKeys(rows: readonly TaskRow[]): string[] {
  return rows.flatMap((row) => (row.children ? [row.key, ...expandableKeys(row.children)] : []));
}

export function countRows(rows: readonly TaskRow[]): number {
  return rows.reduce((sum, row) => sum + 1 + countRows(row.children ?? []), 0);
}

export function findRow(rows: readonly TaskRow[], id: string): TaskRow | undefined {
  for (const row of rows) {
    if (row.id === id) return row;
    const found = findRow(row.children ?? [], id);
    if (found) return found;
  }
  return undefined;
}
