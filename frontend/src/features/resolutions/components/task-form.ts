import dayjs, { type Dayjs } from 'dayjs';
import type { AgencyTreeNode, CreateTaskBody, Task, UpdateTaskBody } from '../../../api/models';

export interface TaskFormValues {
  code: string;
  title: string;
  description: string;
  lead_agency_id: string;
  coordinating_agency_ids: string[];
  start_date: Dayjs;
  due_date: Dayjs;
  weight: number;
}

/** Form fields, named as the API names them so that 422 errors land next to the right input. */
export const TASK_FORM_FIELDS = [
  'code',
  'title',
  'description',
  'lead_agency_id',
  'coordinating_agency_ids',
  'start_date',
  'due_date',
  'weight',
] as const satisfies readonly (keyof TaskFormValues)[];

const DATE = 'YYYY-MM-DD';

export function taskToFormValues(task: Task): TaskFormValues {
  return {
    code: task.code,
    title: task.title,
    description: task.description,
    lead_agency_id: task.lead_agency_id,
    coordinating_agency_ids: [...task.coordinating_agency_ids],
    start_date: dayjs(task.start_date),
    due_date: dayjs(task.due_date),
    weight: task.weight,
  };
}

const numberedChild = (prefix: string, code: string): number | null => {
  if (!code.startsWith(`${prefix}.`)) return null;
  const rest = code.slice(prefix.length + 1);
  return /^\d+$/.test(rest) ? Number(rest) : null;
};

/** The next free numbered code below a parent: `57-NQ/TW.3` with children .1, .2 → `57-NQ/TW.3.3`. */
export function suggestChildCode(parentCode: string, siblingCodes: readonly string[]): string {
  const used = siblingCodes.map((c) => numberedChild(parentCode, c)).filter((n): n is number => n !== null);
  return `${parentCode}.${Math.max(0, ...used) + 1}`;
}

/**
 * Starting values for a new task: the parent's lead agency and dates (a sub-task may not end after
 * its parent), starting today when the parent has already started.
 */
export function newTaskDefaults(
  parent: Pick<Task, 'code' | 'lead_agency_id' | 'start_date' | 'due_date'> | null,
  codePrefix: string,
  siblingCodes: readonly string[],
  today: Dayjs,
): Partial<TaskFormValues> {
  const code = suggestChildCode(parent?.code ?? codePrefix, siblingCodes);
  if (!parent) return { code, coordinating_agency_ids: [], start_date: today.startOf('day'), weight: 1, description: '' };
  const start = dayjs(parent.start_date);
  const due = dayjs(parent.due_date);
  const begin = today.isAfter(start) && !today.isAfter(due) ? today.startOf('day') : start;
  return { code, lead_agency_id: parent.lead_agency_id, coordinating_agency_ids: [], start_date: begin, due_date: due, weight: 1, description: '' };
}

export function toCreateBody(values: TaskFormValues, resolutionId: string, parentId: string | null): CreateTaskBody {
  return {
    resolution_id: resolutionId,
    ...(parentId ? { parent_id: parentId } : {}),
    code: values.code.trim(),
    title: values.title.trim(),
    description: (values.description ?? '').trim(),
    lead_agency_id: values.lead_agency_id,
    coordinating_agency_ids: values.coordinating_agency_ids ?? [],
    start_date: values.start_date.format(DATE),
    due_date: values.due_date.format(DATE),
    weight: values.weight,
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Only what the user changed, so a PATCH never overwrites fields with what they were anyway. */
export function toUpdateBody(values: TaskFormValues, original: Task): UpdateTaskBody {
  const next = toCreateBody(values, original.resolution_id, original.parent_id ?? null);
  const body: UpdateTaskBody = {};
  if (next.code !== original.code) body.code = next.code;
  if (next.title !== original.title) body.title = next.title;
  if (next.description !== original.description) body.description = next.description;
  if (next.lead_agency_id !== original.lead_agency_id) body.lead_agency_id = next.lead_agency_id;
  if (!sameSet(next.coordinating_agency_ids ?? [], original.coordinating_agency_ids)) body.coordinating_agency_ids = next.coordinating_agency_ids;
  if (next.start_date !== original.start_date) body.start_date = next.start_date;
  if (next.due_date !== original.due_date) body.due_date = next.due_date;
  if (next.weight !== original.weight) body.weight = next.weight;
  return body;
}

/** The node of `id` in an agency tree (to offer only the agencies below a parent task's lead agency). */
export function findAgency(root: AgencyTreeNode | undefined, id: string | undefined): AgencyTreeNode | undefined {
  if (!root || !id) return undefined;
  if (root.id === id) return root;
  for (const child of root.children) {
    const found = findAgency(child, id);
    if (found) return found;
  }
  return undefined;
}

interface OptionNode {
  value: string;
  title: string;
  children: OptionNode[];
}

const hasOption = (nodes: readonly OptionNode[], id: string): boolean => nodes.some((n) => n.value === id || hasOption(n.children, id));

/** Adds picker entries for selected agencies the user cannot see, so they show a neutral label instead of an id. */
export function withUnknownAgencies<O extends OptionNode>(options: O[], ids: readonly (string | undefined)[], label: string): OptionNode[] {
  const unknown = [...new Set(ids)].filter((id): id is string => Boolean(id) && !hasOption(options, id ?? ''));
  return [...options, ...unknown.map((id) => ({ value: id, title: label, children: [] }))];
}
