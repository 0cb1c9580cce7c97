import { HEALTHS, TASK_SORTS, TASK_STATUSES, type Health, type TaskSort, type TaskStatus } from '../../../api/models';

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
  sort: TaskSort;
}

export const INITIAL_TASK_FILTERS: TaskFilters = { sort: 'due_date' };

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;

/**
 * `?lead_agency_subtree=<id>` is the agency with everything below it, `?lead_agency_id=<id>` the
 * agency alone; unknown values are ignored rather than sent to the server.
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
  if (filters.sort !== INITIAL_TASK_FILTERS.sort) params.set('sort', filters.sort);
  return params;
}
