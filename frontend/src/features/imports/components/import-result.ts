import type { ImportKind, ImportResult } from '../../../api/models';
import { toApiError } from '../../../lib/problem';

/** The columns of each kind (docs/integration.md); rows refer to other objects by `code`. */
export const IMPORT_COLUMNS: Record<ImportKind, readonly string[]> = {
  agencies: ['code', 'name', 'kind', 'parent_code'],
  tasks: ['resolution_code', 'code', 'parent_code', 'title', 'description', 'lead_agency_code', 'coordinating_agency_codes', 'start_date', 'due_date', 'weight', 'status'],
  indicators: [
    'code', 'name', 'group', 'unit', 'value_type', 'direction', 'aggregation', 'frequency', 'owner_agency_code', 'source_agency_code',
    'reporting_agency_kind', 'reporting_agency_codes', 'task_code', 'baseline_value', 'baseline_period', 'target_value', 'target_period',
    'formula', 'definition', 'data_source', 'method', 'verification',
  ],
  'indicator-values': ['indicator_code', 'agency_code', 'period', 'value', 'note', 'evidence_url'],
  reorganisation: ['action', 'agency_code', 'target_code'],
};

export type ImportContentType = 'text/csv' | 'application/json';

/** The body's content type from the file name; anything but .csv and .json is refused before sending. */
export function contentTypeFor(fileName: string): ImportContentType | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return 'text/csv';
  if (lower.endsWith('.json')) return 'application/json';
  return null;
}

export function isImportResult(body: unknown): body is ImportResult {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Partial<ImportResult>;
  return typeof b.import_id === 'string' && typeof b.status === 'string' && typeof b.counts === 'object' && Array.isArray(b.errors);
}

/**
 * A rejected import answers 422 with the import result itself (not a problem document): that is an
 * outcome to show, not a failure. Anything else that is not OK becomes an ApiError.
 */
export function importOutcome(result: { data?: unknown; error?: unknown; response: Response }): ImportResult {
  if (result.response.ok && isImportResult(result.data)) return result.data;
  if (result.response.status === 422 && isImportResult(result.error)) return result.error;
  throw toApiError(result.error, result.response);
}

/** A file picked for import, with what the apply step needs to know it is the one that was checked. */
export interface PickedFile {
  name: string;
  size: number;
  lastModified: number;
  text: string;
  contentType: ImportContentType;
}

export const fileKey = (file: Pick<PickedFile, 'name' | 'size' | 'lastModified'>, kind: ImportKind): string =>
  `${kind}:${file.name}:${file.size}:${file.lastModified}`;

/** "Áp dụng" only after a dry run of this very file and kind passed. */
export function canApply(checked: { key: string; result: ImportResult } | null, currentKey: string | null): boolean {
  return checked !== null && currentKey !== null && checked.key === currentKey && checked.result.dry_run && checked.result.status === 'validated';
}

export const STATUS_COLOR: Record<ImportResult['status'], string> = { applied: 'success', validated: 'processing', rejected: 'error', running: 'default' };
