import dayjs, { type Dayjs } from 'dayjs';
import { RESOLUTION_STATUSES, type CreateResolutionBody, type Resolution, type ResolutionStatus, type UpdateResolutionBody } from '../../../api/models';

export interface ResolutionFormValues {
  code: string;
  title: string;
  summary?: string;
  owner_agency_id: string;
  issued_on?: Dayjs | null;
  /** Edit only. */
  status?: ResolutionStatus;
}

/** Named as the API names them, so that 422 errors land next to the right input. */
export const RESOLUTION_FORM_FIELDS = ['code', 'title', 'summary', 'owner_agency_id', 'issued_on', 'status'] as const satisfies readonly (keyof ResolutionFormValues)[];

const DATE = 'YYYY-MM-DD';

export function resolutionToFormValues(r: Resolution): ResolutionFormValues {
  return {
    code: r.code,
    title: r.title,
    summary: r.summary,
    owner_agency_id: r.owner_agency_id,
    issued_on: r.issued_on ? dayjs(r.issued_on) : null,
    status: r.status,
  };
}

/** The statuses offered when editing: the current one and those after it (draft → active → closed). */
export function nextStatuses(current: ResolutionStatus): ResolutionStatus[] {
  return RESOLUTION_STATUSES.slice(RESOLUTION_STATUSES.indexOf(current));
}

export function toCreateResolutionBody(values: ResolutionFormValues): CreateResolutionBody {
  return {
    code: values.code.trim(),
    title: values.title.trim(),
    summary: (values.summary ?? '').trim(),
    owner_agency_id: values.owner_agency_id,
    issued_on: values.issued_on ? values.issued_on.format(DATE) : null,
  };
}

/** Only what the user changed, so a PATCH never rewrites fields with what they were anyway. */
export function toUpdateResolutionBody(values: ResolutionFormValues, original: Resolution): UpdateResolutionBody {
  const next = toCreateResolutionBody(values);
  const body: UpdateResolutionBody = {};
  if (next.code !== original.code) body.code = next.code;
  if (next.title !== original.title) body.title = next.title;
  if (next.summary !== original.summary) body.summary = next.summary;
  if ((next.issued_on ?? null) !== (original.issued_on ?? null)) body.issued_on = next.issued_on;
  if (values.status && values.status !== original.status) body.status = values.status;
  return body;
}

/** Whether the issue date was set and is emptied now: the API reads `null` as "unchanged", so it cannot be removed. */
export const clearsIssuedOn = (values: ResolutionFormValues, original: Resolution): boolean => Boolean(original.issued_on) && !values.issued_on;
