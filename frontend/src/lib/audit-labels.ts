import { formatDate, formatDateTime, formatNumber } from './format';
import type { Language, MessageKey, Translate } from './i18n/i18n';
import { vi } from './i18n/vi';
import { showValue } from './record-diff';

/**
 * Every audit action the server writes (`action` of `audit::Change` in api/src, and the actions its
 * audit helpers are called with). `audit-labels.test.ts` re-reads the server's source and fails when
 * one is missing here, so a new action cannot reach the audit page without a translation.
 */
export const AUDIT_ACTIONS = [
  'create', 'create_submit', 'create_version', 'update', 'delete', 'status_change', 'kpi_progress',
  'completion_proposed', 'completion_accepted', 'completion_returned', 'extension_requested',
  'cancellation_requested', 'request_granted', 'request_refused', 'answer_proposals', 'submit', 'approve',
  'return', 'update_targets', 'publish', 'issue', 'answer', 'close', 'merge', 'undo_merge', 'split',
  'dissolve', 'update_calendar', 'update_report_calendar', 'grant_unlock', 'import', 'upload', 'acknowledge',
  'revoke', 'login', 'sso_login', 'logout', 'password_change', 'session_ended', 'sessions_ended', 'second_factor_enabled',
  'second_factor_disabled', 'second_factor_reset', 'update_totp_settings', 'update_notification_settings',
  'produce', 'redeliver',
] as const;

/** Every `entity_type` of an audit record. */
export const AUDIT_ENTITY_TYPES = [
  'agency', 'user', 'session', 'task', 'resolution', 'resolution_committee', 'indicator', 'indicator_value', 'indicator_set',
  'progress_report', 'directive', 'alert', 'api_key', 'attachment', 'import', 'settings',
  'report_schedule', 'report_run', 'webhook',
] as const;

/** The fields of the records an audit entry snapshots (tasks, resolutions, indicators, figures, reports…). */
export const AUDIT_FIELDS = [
  'accepted_at', 'accepted_by', 'acknowledged_at', 'acknowledged_by', 'active', 'agency_id', 'aggregation',
  'answer', 'answered_at', 'answered_by', 'api_key_id', 'approved_at', 'approved_by', 'baseline_period', 'baseline_value',
  'client_address', 'closed_at', 'closed_by', 'code', 'completed_on', 'coordinating_agency_ids', 'counted',
  'created_at', 'created_by', 'data_source', 'decided_at', 'decided_by', 'decision_reason', 'definition',
  'depth', 'description', 'direction', 'display_name', 'drives_task_progress', 'due_date', 'email',
  'established_on', 'evaluation_due_date', 'events', 'evidence_url', 'expires_at', 'filename', 'formula', 'frequency',
  'granted_at', 'granted_by', 'health', 'id', 'import_id', 'indicator_group', 'indicator_id', 'is_current',
  'issued_by', 'issued_on', 'issuing_agency_id', 'items', 'key_prefix', 'kind', 'last_used_at',
  'lead_agency_id', 'member_agency_ids', 'merged_into_id', 'message', 'method', 'name', 'narrative', 'note', 'notify',
  'obstacles', 'official_code', 'open_until', 'original_due_date', 'owner_agency_id', 'parent_id',
  'parent_lead_agency_id', 'period', 'period_end', 'progress', 'proposals', 'proposals_answer',
  'proposals_answered_at', 'proposals_answered_by', 'proposed_at', 'proposed_by', 'published_at',
  'raised_at', 'reason', 'report_due_day', 'report_frequency', 'reported_by', 'reporting_agency_ids',
  'reporting_agency_kind', 'requested_at', 'requested_by', 'required_roles', 'resolution_id', 'resolved_at',
  'return_reason', 'revision', 'revoked_at', 'revoked_reason', 'roles', 'set_version', 'severity', 'sha256',
  'source_agency_id', 'standing_agency_id', 'start_date', 'status', 'step', 'subject', 'submitted_at', 'submitted_by', 'summary',
  'target_period', 'target_value', 'targets', 'task', 'task_id', 'text', 'title', 'unit', 'updated_at',
  'uploaded_by', 'url', 'user_agent', 'user_id', 'username', 'value', 'value_type', 'verification', 'version',
  'weight',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const has = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

/** "Đổi trạng thái" for `status_change`; an action this build does not know shows its code, marked as unknown. */
export function auditActionLabel(action: string, t: Translate): string {
  return has(AUDIT_ACTIONS, action) ? t(`audit.action.${action}`) : t('audit.action.unknown', { code: action });
}

/** "Nhiệm vụ" for `task`; an unknown type shows as it is. */
export function auditEntityLabel(entityType: string, t: Translate): string {
  return has(AUDIT_ENTITY_TYPES, entityType) ? t(`audit.entity.${entityType}`) : entityType;
}

/** "Hạn hoàn thành" for `due_date`, or null for a field this build has no name for. */
export function auditFieldLabel(field: string, t: Translate): string | null {
  return has(AUDIT_FIELDS, field) ? t(`audit.fieldName.${field}`) : null;
}

/** Which dictionary names the values of an enum field, by the audited record's type (`*` for any). */
const ENUM_PREFIX: Record<string, Record<string, string>> = {
  status: {
    task: 'taskStatus',
    resolution: 'resolutionStatus',
    indicator_value: 'valueStatus',
    agency: 'agencyStatus',
    alert: 'alertStatus',
    directive: 'directiveStatus',
  },
  health: { '*': 'health' },
  frequency: { '*': 'frequency' },
  report_frequency: { '*': 'reportFrequency' },
  value_type: { '*': 'valueType' },
  severity: { '*': 'alertSeverity' },
};

const isKey = (key: string): key is MessageKey => key in vi;

/**
 * A before/after value as people read it: Có/Không, an enum by its name ("Đang thực hiện" for a task's
 * `in_progress`), a date dd/mm/yyyy, a number with the decimal comma; anything else as recorded.
 */
export function auditValueLabel(field: string, value: unknown, entityType: string | undefined, t: Translate, language: Language): string {
  if (value === undefined) return '';
  if (value === null) return '—';
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (typeof value === 'number') return formatNumber(value, language);
  if (typeof value === 'string') {
    const prefixes = ENUM_PREFIX[field];
    const prefix = prefixes?.[entityType ?? ''] ?? prefixes?.['*'];
    if (prefix && isKey(`${prefix}.${value}`)) return t(`${prefix}.${value}` as MessageKey);
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value, language);
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return formatDateTime(value, language);
    return value;
  }
  return showValue(value);
}
