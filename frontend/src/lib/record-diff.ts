export type ChangeKind = 'added' | 'removed' | 'changed' | 'unchanged';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
  kind: ChangeKind;
}

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** Field-by-field comparison of an audit record's before/after snapshots, changed fields first. */
export function diffRecords(before: unknown, after: unknown): FieldChange[] {
  const b = asRecord(before);
  const a = asRecord(after);
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  const changes = fields.map((field): FieldChange => {
    const inBefore = before != null && field in b;
    const inAfter = after != null && field in a;
    const kind: ChangeKind = !inBefore ? 'added' : !inAfter ? 'removed' : JSON.stringify(b[field]) === JSON.stringify(a[field]) ? 'unchanged' : 'changed';
    return { field, before: b[field], after: a[field], kind };
  });
  const rank = (c: FieldChange) => (c.kind === 'unchanged' ? 1 : 0);
  return changes.sort((x, y) => rank(x) - rank(y));
}

export function showValue(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value, null, 1);
}
