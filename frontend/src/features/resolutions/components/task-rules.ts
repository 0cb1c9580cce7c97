import type { Resolution, Task, TaskStatus } from '../../../api/models';

/** Who is acting: the signed-in user's agency, roles and the agencies of its subtree (its own included). */
export interface Actor {
  agencyId: string;
  roles: readonly string[];
  scope: { has(agencyId: string): boolean };
}

export interface TaskActions {
  /** Add sub-tasks ("Thêm nhiệm vụ con"). */
  decompose: boolean;
  /** Change every field ("Sửa"). */
  edit: boolean;
  /** Move the status. */
  changeStatus: boolean;
  /** File progress reports. */
  report: boolean;
}

/** The allowed status moves (docs/tasks.md, "Status"); the server enforces the same table. */
export const STATUS_TRANSITIONS: Record<TaskStatus, readonly TaskStatus[]> = {
  not_started: ['in_progress', 'paused', 'cancelled'],
  in_progress: ['completed', 'paused', 'cancelled'],
  paused: ['in_progress', 'cancelled'],
  completed: ['in_progress'],
  cancelled: [],
};

export type StatusAction = 'start' | 'complete' | 'pause' | 'cancel' | 'resume' | 'reopen';

/** The verb on the button that moves a task from one status to another. */
export function statusAction(from: TaskStatus, to: TaskStatus): StatusAction {
  switch (to) {
    case 'completed':
      return 'complete';
    case 'paused':
      return 'pause';
    case 'cancelled':
      return 'cancel';
    default:
      return from === 'paused' ? 'resume' : from === 'completed' ? 'reopen' : 'start';
  }
}

const isAdmin = (actor: Actor) => actor.roles.includes('admin');
const isPlanner = (actor: Actor) => isAdmin(actor) || actor.roles.includes('planner');

/**
 * The status moves the actor may make: planners (and admins) every allowed move; the lead agency's
 * reporters all but completing and cancelling, which end the task for the roll-up (the server
 * refuses them with 403).
 */
export function statusMoves(actor: Actor, status: TaskStatus): readonly TaskStatus[] {
  const moves = STATUS_TRANSITIONS[status];
  return isPlanner(actor) ? moves : moves.filter((to) => to !== 'completed' && to !== 'cancelled');
}

/** Planners (and admins) whose subtree holds the resolution's owner add top-level tasks. */
export function canAddTopLevelTask(actor: Actor, resolution: Pick<Resolution, 'status' | 'owner_agency_id'>): boolean {
  return resolution.status !== 'closed' && isPlanner(actor) && (isAdmin(actor) || actor.scope.has(resolution.owner_agency_id));
}

/**
 * What the actor may do with a task, to show or hide buttons (the API still decides).
 * `parentLeadAgencyId` is the parent task's lead agency; `undefined` when the task has a parent the
 * actor cannot see, which means the actor did not assign it.
 */
export function taskActions(
  actor: Actor,
  task: Pick<Task, 'parent_id' | 'lead_agency_id' | 'status'>,
  resolution: Pick<Resolution, 'status' | 'owner_agency_id'>,
  parentLeadAgencyId: string | undefined,
): TaskActions {
  if (resolution.status === 'closed') return { decompose: false, edit: false, changeStatus: false, report: false };
  const admin = isAdmin(actor);
  const planner = isPlanner(actor);
  // The planners who assigned the task: of the parent's lead agency (or above), or of the resolution's owner.
  const assigner = task.parent_id ? parentLeadAgencyId : resolution.owner_agency_id;
  const edit = planner && (admin || (assigner !== undefined && actor.scope.has(assigner)));
  const ofLeadAgency = actor.agencyId === task.lead_agency_id;
  const leadStaff = ofLeadAgency && (actor.roles.includes('planner') || actor.roles.includes('reporter'));
  const open = task.status !== 'cancelled';
  return {
    decompose: open && planner && (admin || actor.scope.has(task.lead_agency_id)),
    edit,
    changeStatus: (edit || leadStaff) && statusMoves(actor, task.status).length > 0,
    report: open && ofLeadAgency && actor.roles.includes('reporter'),
  };
}
