import type { MergeReport } from '../../../api/models';

export const MERGE_COUNTS = [
  'tasks_moved',
  'coordinations_moved',
  'closed_tasks_kept',
  'indicators_moved',
  'reporting_duties_moved',
  'values_kept',
  'users_moved',
  'api_keys_moved',
  'child_agencies_moved',
] as const satisfies readonly (keyof MergeReport)[];

/** Confirming is allowed only after a preview of this very merge (same source and successor). */
export function canConfirmMerge(preview: MergeReport | null, sourceId: string, intoId: string | undefined): boolean {
  return preview !== null && preview.dry_run && preview.source_id === sourceId && preview.into_id === intoId;
}
