import { ALERT_KINDS, ALERT_SEVERITIES, ALERT_STATUSES, type Alert, type AlertKind, type AlertListQuery, type AlertSeverity, type AlertStatus } from '../../../api/models';
import type { Language } from '../../../lib/i18n/i18n';
import { ApiError } from '../../../lib/problem';

export const SEVERITY_COLOR: Record<AlertSeverity, string> = { critical: 'red', warning: 'orange', info: 'blue' };
export const STATUS_COLOR: Record<AlertStatus, string> = { open: 'error', acknowledged: 'processing', resolved: 'success' };

/**
 * The alert's sentence in the reader's language: the server writes both (Vietnamese with dd/mm/yyyy
 * and decimal commas, English with ISO dates); an alert raised before English was kept has only the
 * Vietnamese until the next evaluation.
 */
export function alertMessage(alert: Pick<Alert, 'message' | 'message_en'>, language: Language): string {
  return language === 'en' && alert.message_en ? alert.message_en : alert.message;
}

/** Where the alert's subject lives in the app: the task, the indicator, or nothing (an agency-wide alert). */
export function subjectPath(alert: Pick<Alert, 'task_id' | 'indicator_id'>): string | undefined {
  if (alert.task_id) return `/tasks/${alert.task_id}`;
  if (alert.indicator_id) return `/indicators/${alert.indicator_id}`;
  return undefined;
}

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;

export interface AlertFilters {
  agency_id?: string;
  kind?: AlertKind;
  severity?: AlertSeverity;
  status?: AlertStatus;
}

/** Filters from the address (`/alerts?severity=critical&agency_id=…`); unknown values are ignored. */
export function filtersFromSearch(params: URLSearchParams): AlertFilters {
  return {
    agency_id: params.get('agency_id') || undefined,
    kind: oneOf<AlertKind>(ALERT_KINDS, params.get('kind')),
    severity: oneOf<AlertSeverity>(ALERT_SEVERITIES, params.get('severity')),
    status: oneOf<AlertStatus>(ALERT_STATUSES, params.get('status')),
  };
}

export function filtersToSearch(filters: AlertFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, String(value));
  return params;
}

/** The list query of one page; without a status the server shows open and acknowledged alerts. */
export function alertQuery(filters: AlertFilters, page: number, pageSize: number): AlertListQuery {
  const query: AlertListQuery = { limit: pageSize, offset: (page - 1) * pageSize };
  for (const key of ['agency_id', 'kind', 'severity', 'status'] as const) if (filters[key]) Object.assign(query, { [key]: filters[key] });
  return query;
}

export const isEvaluationBusy = (status: number | undefined): boolean => status === 409;

/** 409 `alert_acknowledged`: someone acknowledged the alert after the list was loaded. */
export const isAlreadyAcknowledged = (error: unknown): boolean =>
  error instanceof ApiError && error.status === 409 && error.problem?.code === 'alert_acknowledged';
