import { HEALTHS, TASK_EVALUATIONS, TASK_SORTS, TASK_STATUSES, type Health, type TaskEvaluation, type TaskListQuery, type TaskSort, type TaskStatus } from '../../../api/models';

/** The filters of the tasks page; they live in the address so a dashboard figure can link to its tasks. */
export interface TaskFilters {
  q?: string;
  resolution_id?: string;
  lead_agency_id?: string;
  /** Also the agencies below the chosen lead agency. */
  include_subtree?: boolean;
  status?: TaskStatus;
  health?: Health;
  overdue?: boolean;
  /** The Government Office's class of the task today (an overview's evaluation count opens its list). */
  evaluation?: TaskEvaluation;
  /** The evaluation's deadline on or after this day (`YYYY-MM-DD`). */
  evaluation_from?: string;
  /** The evaluation's deadline on or before this day (`YYYY-MM-DD`). */
  evaluation_to?: string;
  sort: TaskSort;
}

export const INITIAL_TASK_FILTERS: TaskFilters = { sort: 'due_date' };

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;

const ISO_DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** A calendar day as the API reads it (`YYYY-MM-DD`), or nothing. */
const isoDay = (value: string | null): string | undefined => (value !== null && ISO_DAY.test(value) ? value : undefined);

/**
 * `?lead_agency_subtree=<id>` is the agency with everything below it, `?lead_agency_id=<id>` the
 * agency alone; unknown values (and days not written `YYYY-MM-DD`) are ignored rather than sent to
 * the server. A period whose end is before its start is kept: the server says what is wrong with it.
 */
export function taskFiltersFromSearch(params: URLSearchParams): TaskFilters {
  const subtree = params.get('lead_agency_subtree') || undefined;
  return {
    q: params.get('q')?.trim() || undefined,
    resolution_id: params.get('resolution_id') || undefined,
    lead_agency_id: subtree ?? (params.get('lead_agency_id') || undefined),
    include_subtree: subtree ? true : undefined,
    status: oneOf<TaskStatus>(TASK_STATUSES, params.get('status')),
    health: oneOf<Health>(HEALTHS, params.get('health')),
    overdue: params.get('overdue') === 'true' || undefined,
    evaluation: oneOf<TaskEvaluation>(TASK_EVALUATIONS, params.get('evaluation')),
    evaluation_from: isoDay(params.get('evaluation_from')),
    evaluation_to: isoDay(params.get('evaluation_to')),
    sort: oneOf<TaskSort>(TASK_SORTS, params.get('sort')) ?? INITIAL_TASK_FILTERS.sort,
  };
}

export function taskFiltersToSearch(filters: TaskFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.resolution_id) params.set('resolution_id', filters.resolution_id);
  if (filters.lead_agency_id) params.set(filters.include_subtree ? 'lead_agency_subtree' : 'lead_agency_id', filters.lead_agency_id);
  if (filters.status) params.set('status', filters.status);
  if (filters.health) params.set('health', filters.health);
  if (filters.overdue) params.set('overdue', 'true');
  if (filters.evaluation) params.set('evaluation', filters.evaluation);
  if (filters.evaluation_from) params.set('evaluation_from', filters.evaluation_from);
  if (filters.evaluation_to) params.set('evaluation_to', filters.evaluation_to);
  if (filters.sort !== INITIAL_TASK_FILTERS.sort) params.set('sort', filters.sort);
  return params;
}

/**
 * The `GET /tasks` query of the filters (without the page): `lead_agency_subtree=<id>` covers the
 * agency and everything below it, `lead_agency_id` only the agency; what is not set is not sent.
 */
export function taskListQuery(filters: TaskFilters): TaskListQuery {
  const { include_subtree, lead_agency_id, overdue, ...rest } = filters;
  const query: TaskListQuery = {
    ...rest,
    ...(include_subtree ? { lead_agency_subtree: lead_agency_id } : { lead_agency_id }),
    overdue: overdue || undefined,
  };
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
}
