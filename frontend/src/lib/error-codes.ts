// The server's stable problem and field codes, translated. The English `detail` / `message` of a
// problem is for developers; users read these sentences. Both maps are typed from the OpenAPI
// schema, so a code added on the server fails the typecheck until it is translated here.
import type { components } from '../api/schema';
import type { MessageKey } from './i18n/i18n';

export type ErrorCode = components['schemas']['ErrorCode'];
export type FieldCode = components['schemas']['FieldCode'];

export const ERROR_CODE_MESSAGES: Record<ErrorCode, MessageKey> = {
  alert_acknowledged: 'errorCode.alert_acknowledged',
  alert_resolved: 'errorCode.alert_resolved',
  already_decided: 'errorCode.already_decided',
  bad_body: 'errorCode.bad_body',
  bad_query: 'errorCode.bad_query',
  bad_request: 'errorCode.bad_request',
  bulk_refused: 'errorCode.bulk_refused',
  completion_pending: 'errorCode.completion_pending',
  composite_computed: 'errorCode.composite_computed',
  database_busy: 'errorCode.database_busy',
  draft_exists: 'errorCode.draft_exists',
  duplicate: 'errorCode.duplicate',
  duplicate_code: 'errorCode.duplicate_code',
  duplicate_username: 'errorCode.duplicate_username',
  evaluation_running: 'errorCode.evaluation_running',
  forbidden: 'errorCode.forbidden',
  formula_too_complex: 'errorCode.formula_too_complex',
  has_children: 'errorCode.has_children',
  has_reports: 'errorCode.has_reports',
  has_users: 'errorCode.has_users',
  headers_too_large: 'errorCode.headers_too_large',
  if_match_required: 'errorCode.if_match_required',
  illegal_transition: 'errorCode.illegal_transition',
  import_running: 'errorCode.import_running',
  indicator_locked: 'errorCode.indicator_locked',
  internal_error: 'errorCode.internal_error',
  malformed_json: 'errorCode.malformed_json',
  method_not_allowed: 'errorCode.method_not_allowed',
  not_active: 'errorCode.not_active',
  not_empty: 'errorCode.not_empty',
  not_found: 'errorCode.not_found',
  not_locked: 'errorCode.not_locked',
  not_merged: 'errorCode.not_merged',
  open_subtasks: 'errorCode.open_subtasks',
  parent_not_active: 'errorCode.parent_not_active',
  payload_too_large: 'errorCode.payload_too_large',
  period_locked: 'errorCode.period_locked',
  published: 'errorCode.published',
  rate_limited: 'errorCode.rate_limited',
  request_pending: 'errorCode.request_pending',
  resolution_closed: 'errorCode.resolution_closed',
  second_factor_enabled: 'errorCode.second_factor_enabled',
  second_factor_enrolment_required: 'errorCode.second_factor_enrolment_required',
  second_factor_invalid: 'errorCode.second_factor_invalid',
  second_factor_not_enabled: 'errorCode.second_factor_not_enabled',
  second_factor_required: 'errorCode.second_factor_required',
  second_factor_required_by_role: 'errorCode.second_factor_required_by_role',
  self_lockout: 'errorCode.self_lockout',
  sso_code_refused: 'errorCode.sso_code_refused',
  sso_not_configured: 'errorCode.sso_not_configured',
  sso_state_invalid: 'errorCode.sso_state_invalid',
  sso_token_invalid: 'errorCode.sso_token_invalid',
  sso_unavailable: 'errorCode.sso_unavailable',
  sso_user_unknown: 'errorCode.sso_user_unknown',
  stale_etag: 'errorCode.stale_etag',
  still_open: 'errorCode.still_open',
  still_referenced: 'errorCode.still_referenced',
  superseded: 'errorCode.superseded',
  task_cancelled: 'errorCode.task_cancelled',
  too_small: 'errorCode.too_small',
  unauthorized: 'errorCode.unauthorized',
  unavailable: 'errorCode.unavailable',
  unsupported_media_type: 'errorCode.unsupported_media_type',
  validation_failed: 'errorCode.validation_failed',
  written_since: 'errorCode.written_since',
};

/** Sentences with a `{field}` placeholder: the field's label where the form knows it. */
export const FIELD_CODE_MESSAGES: Record<FieldCode, MessageKey> = {
  invalid: 'fieldCode.invalid',
  required: 'fieldCode.required',
  unknown_field: 'fieldCode.unknown_field',
  wrong_type: 'fieldCode.wrong_type',
  length: 'fieldCode.length',
  range: 'fieldCode.range',
  format: 'fieldCode.format',
  not_found: 'fieldCode.not_found',
  duplicate: 'fieldCode.duplicate',
  forbidden: 'fieldCode.forbidden',
  conflict: 'fieldCode.conflict',
};

/** A code from a newer server than this web app is a plain string at run time: look it up safely. */
export function errorCodeMessage(code: string | undefined): MessageKey | null {
  return code !== undefined && Object.hasOwn(ERROR_CODE_MESSAGES, code) ? ERROR_CODE_MESSAGES[code as ErrorCode] : null;
}

export function fieldCodeMessage(code: string | undefined): MessageKey {
  return code !== undefined && Object.hasOwn(FIELD_CODE_MESSAGES, code) ? FIELD_CODE_MESSAGES[code as FieldCode] : 'fieldCode.invalid';
}
