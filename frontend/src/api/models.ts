// Wire types, derived from the generated OpenAPI schema (never written by hand).
import type { components, paths } from './schema';

type JsonBody<R> = R extends { content: { 'application/json': infer B } } ? B : never;

export type TokenPair = JsonBody<paths['/api/v1/auth/login']['post']['responses'][200]>;
export type CurrentUser = JsonBody<paths['/api/v1/me']['get']['responses'][200]>;
export type Agency = JsonBody<paths['/api/v1/agencies/{id}']['get']['responses'][200]>;
export type AgencyTreeNode = JsonBody<paths['/api/v1/agencies/{id}/tree']['get']['responses'][200]>;
export type AgencyKind = Agency['kind'];
export type AgencyStatus = Agency['status'];
export type CreateAgencyBody = NonNullable<paths['/api/v1/agencies']['post']['requestBody']>['content']['application/json'];
export type UpdateAgencyBody = NonNullable<paths['/api/v1/agencies/{id}']['patch']['requestBody']>['content']['application/json'];
export type User = JsonBody<paths['/api/v1/users/{id}']['get']['responses'][200]>;
export type Role = User['roles'][number];
export type UserPage = JsonBody<paths['/api/v1/users']['get']['responses'][200]>;
export type UserListQuery = NonNullable<paths['/api/v1/users']['get']['parameters']['query']>;
export type CreateUserBody = NonNullable<paths['/api/v1/users']['post']['requestBody']>['content']['application/json'];
export type UpdateUserBody = NonNullable<paths['/api/v1/users/{id}']['patch']['requestBody']>['content']['application/json'];
export type AuditPage = JsonBody<paths['/api/v1/audit']['get']['responses'][200]>;
export type AuditEntry = AuditPage['items'][number];
export type AuditQuery = NonNullable<paths['/api/v1/audit']['get']['parameters']['query']>;
export type ChangePasswordBody = NonNullable<paths['/api/v1/me/password']['post']['requestBody']>['content']['application/json'];
export type Problem = components['schemas']['Problem'];

export type Resolution = JsonBody<paths['/api/v1/resolutions/{id}']['get']['responses'][200]>;
export type ResolutionStatus = Resolution['status'];
export type ResolutionPage = JsonBody<paths['/api/v1/resolutions']['get']['responses'][200]>;
export type ResolutionListQuery = NonNullable<paths['/api/v1/resolutions']['get']['parameters']['query']>;
type WireTask = JsonBody<paths['/api/v1/tasks/{id}']['get']['responses'][200]>;
export type Task = WireTask;
export type Health = Task['health'];
export const HEALTHS = ['on_track', 'at_risk', 'off_track', 'overdue', 'done'] as const satisfies readonly Health[];
export type TaskNode = Task & { children: TaskNode[] };
export type TaskStatus = Task['status'];
type WireResolutionTree = JsonBody<paths['/api/v1/resolutions/{id}/tree']['get']['responses'][200]>;
// The generated node type is `Task & {children}` through allOf; restated recursively for convenience.
export type ResolutionTree = Omit<WireResolutionTree, 'tasks'> & { tasks: TaskNode[] };
export type TaskPage = JsonBody<paths['/api/v1/tasks']['get']['responses'][200]>;
export type WireTaskListQuery = NonNullable<paths['/api/v1/tasks']['get']['parameters']['query']>;
export type TaskListQuery = Omit<WireTaskListQuery, 'sort'> & { sort?: TaskSort };
export const TASK_SORTS = ['due_date', '-due_date', 'code'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];
export type CreateTaskBody = NonNullable<paths['/api/v1/tasks']['post']['requestBody']>['content']['application/json'];
export type UpdateTaskBody = NonNullable<paths['/api/v1/tasks/{id}']['patch']['requestBody']>['content']['application/json'];
export type ProgressReport = JsonBody<paths['/api/v1/tasks/{id}/reports']['post']['responses'][201]>;
export type ProgressReportPage = JsonBody<paths['/api/v1/tasks/{id}/reports']['get']['responses'][200]>;
export type CreateReportBody = NonNullable<paths['/api/v1/tasks/{id}/reports']['post']['requestBody']>['content']['application/json'];
export type Directive = JsonBody<paths['/api/v1/tasks/{id}/directives']['post']['responses'][201]>;
export type DirectiveStatus = Directive['status'];
export type DirectivePage = JsonBody<paths['/api/v1/tasks/{id}/directives']['get']['responses'][200]>;
export type IssueDirectiveBody = NonNullable<paths['/api/v1/tasks/{id}/directives']['post']['requestBody']>['content']['application/json'];
export type AnswerDirectiveBody = NonNullable<paths['/api/v1/directives/{id}/answer']['post']['requestBody']>['content']['application/json'];

export type Indicator = JsonBody<paths['/api/v1/indicators/{id}']['get']['responses'][200]>;
export type IndicatorPage = JsonBody<paths['/api/v1/indicators']['get']['responses'][200]>;
export type IndicatorListQuery = NonNullable<paths['/api/v1/indicators']['get']['parameters']['query']>;
export type IndicatorGroup = Indicator['group'];
export type ValueType = Indicator['value_type'];
export type Frequency = Indicator['frequency'];
export type Series = JsonBody<paths['/api/v1/indicators/{id}/series']['get']['responses'][200]>;
export type SeriesPoint = Series['points'][number];
/** The map a series or the dashboard trend is read on: as recorded, or today's (split predecessors restated). */
export type SeriesMap = components['schemas']['SeriesMap'];
export type SeriesQuery = NonNullable<paths['/api/v1/indicators/{id}/series']['get']['parameters']['query']>;
export type IssueSeriesDirectiveBody = NonNullable<paths['/api/v1/indicators/{id}/directives']['post']['requestBody']>['content']['application/json'];
export type SeriesDirectiveQuery = NonNullable<paths['/api/v1/indicators/{id}/directives']['get']['parameters']['query']>;
export type Targets = JsonBody<paths['/api/v1/indicators/{id}/targets']['get']['responses'][200]>;
export type ValuePage = JsonBody<paths['/api/v1/indicators/{id}/values']['get']['responses'][200]>;
/** A figure (giá trị chỉ tiêu) of a series; the schema has no named `Value`, so it comes from the page. */
export type IndicatorValue = ValuePage['items'][number];
export type ValueStatus = IndicatorValue['status'];
export type ValueListQuery = NonNullable<paths['/api/v1/indicators/{id}/values']['get']['parameters']['query']>;
export type ValueQueueQuery = NonNullable<paths['/api/v1/values']['get']['parameters']['query']>;
export type CreateValueBody = NonNullable<paths['/api/v1/indicators/{id}/values']['post']['requestBody']>['content']['application/json'];
export type ReturnValueBody = NonNullable<paths['/api/v1/values/{id}/return']['post']['requestBody']>['content']['application/json'];

export const AGENCY_KINDS = ['central', 'ministry', 'province', 'commune', 'department', 'other'] as const satisfies readonly AgencyKind[];
export const ROLES = ['admin', 'agency_admin', 'planner', 'reporter', 'approver', 'viewer'] as const satisfies readonly Role[];
export const RESOLUTION_STATUSES = ['draft', 'active', 'closed'] as const satisfies readonly ResolutionStatus[];
export const TASK_STATUSES = ['not_started', 'in_progress', 'awaiting_acceptance', 'completed', 'paused', 'cancelled'] as const satisfies readonly TaskStatus[];
export const DIRECTIVE_STATUSES = ['open', 'answered', 'closed'] as const satisfies readonly DirectiveStatus[];
export const INDICATOR_GROUPS = ['input', 'process', 'output', 'outcome', 'composite'] as const satisfies readonly IndicatorGroup[];
export const VALUE_STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const satisfies readonly ValueStatus[];

export type DashboardSummary = JsonBody<paths['/api/v1/dashboard/summary']['get']['responses'][200]>;
export type DashboardQuery = NonNullable<paths['/api/v1/dashboard/summary']['get']['parameters']['query']>;
export type ScorecardRow = JsonBody<paths['/api/v1/dashboard/agencies']['get']['responses'][200]>[number];
export type ScorecardQuery = NonNullable<paths['/api/v1/dashboard/agencies']['get']['parameters']['query']>;
export type TrendPoint = JsonBody<paths['/api/v1/dashboard/trend']['get']['responses'][200]>[number];
export type TrendQuery = NonNullable<paths['/api/v1/dashboard/trend']['get']['parameters']['query']>;
export type ReportQuery = NonNullable<paths['/api/v1/reports/periodic']['get']['parameters']['query']>;
export type ReportFormat = components['schemas']['ReportFormat'];
/** The kind of period a scheduled report covers (`month`, `quarter`, `half_year`, `nine_months`, `year`). */
export type SchedulePeriodKind = components['schemas']['PeriodKind'];
export type ReportSchedule = components['schemas']['ReportSchedule'];
export type ReportSchedulePage = components['schemas']['Page_ReportSchedule'];
export type ReportRun = components['schemas']['ReportRun'];
export type ReportRunPage = components['schemas']['Page_ReportRun'];
export type CreateScheduleBody = components['schemas']['CreateSchedule'];
export type PeerGroup = components['schemas']['PeerGroup'];
export type DataQuality = components['schemas']['DataQuality'];

export type AlertPage = JsonBody<paths['/api/v1/alerts']['get']['responses'][200]>;
export type Alert = AlertPage['items'][number];
export type AlertKind = Alert['kind'];
export type AlertSeverity = Alert['severity'];
export type AlertStatus = Alert['status'];
export type AlertListQuery = NonNullable<paths['/api/v1/alerts']['get']['parameters']['query']>;
export type AlertEvaluation = JsonBody<paths['/api/v1/alerts/evaluate']['post']['responses'][200]>;
export const ALERT_KINDS = [
  'overdue',
  'due_soon',
  'behind_schedule',
  'forecast_miss',
  'stale_report',
  'stale_kpi',
  'kpi_off_track',
  'approval_backlog',
  'bottleneck',
  'directive_overdue',
] as const satisfies readonly AlertKind[];
export const ALERT_SEVERITIES = ['critical', 'warning', 'info'] as const satisfies readonly AlertSeverity[];
export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const satisfies readonly AlertStatus[];

export type ImportResult = JsonBody<paths['/api/v1/imports/{kind}']['post']['responses'][200]>;
export type ImportKind = ImportResult['kind'];
export type ImportStatus = ImportResult['status'];
export type ImportRowError = ImportResult['errors'][number];
export type ImportPage = JsonBody<paths['/api/v1/imports']['get']['responses'][200]>;
export const IMPORT_KINDS = ['agencies', 'tasks', 'indicators', 'indicator-values', 'reorganisation'] as const satisfies readonly ImportKind[];

export type ApiKeyPage = JsonBody<paths['/api/v1/api-keys']['get']['responses'][200]>;
export type ApiKey = ApiKeyPage['items'][number];
export type NewApiKey = JsonBody<paths['/api/v1/api-keys']['post']['responses'][201]>;
export type CreateApiKeyBody = NonNullable<paths['/api/v1/api-keys']['post']['requestBody']>['content']['application/json'];

export type WebhookPage = JsonBody<paths['/api/v1/webhooks']['get']['responses'][200]>;
export type Webhook = WebhookPage['items'][number];
export type NewWebhook = JsonBody<paths['/api/v1/webhooks']['post']['responses'][201]>;
export type CreateWebhookBody = NonNullable<paths['/api/v1/webhooks']['post']['requestBody']>['content']['application/json'];
export type WebhookEvent = components['schemas']['WebhookEvent'];
export const WEBHOOK_EVENTS = [
  'value.submitted',
  'value.approved',
  'value.returned',
  'task.assigned',
  'task.completion_proposed',
  'task.accepted',
  'alert.raised',
  'directive.issued',
] as const satisfies readonly WebhookEvent[];
export type WebhookDeliveryPage = JsonBody<paths['/api/v1/webhooks/{id}/deliveries']['get']['responses'][200]>;
export type WebhookDelivery = WebhookDeliveryPage['items'][number];
export type DeliveryStatus = components['schemas']['DeliveryStatus'];
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const satisfies readonly DeliveryStatus[];

export type MergeReport = JsonBody<paths['/api/v1/agencies/{id}/merge']['post']['responses'][200]>;
export type MergeConflict = MergeReport['conflicts'][number];
export type UndoMergeReport = JsonBody<paths['/api/v1/agencies/{id}/merge/undo']['post']['responses'][200]>;
export type SplitRequest = NonNullable<paths['/api/v1/agencies/{id}/split']['post']['requestBody']>['content']['application/json'];
export type SplitReport = JsonBody<paths['/api/v1/agencies/{id}/split']['post']['responses'][200]>;
export type AgencyLineage = JsonBody<paths['/api/v1/agencies/{id}/lineage']['get']['responses'][200]>;
export type LineageStep = AgencyLineage['predecessors'][number];
export type Attachment = components['schemas']['Attachment'];

// Completion acceptance, extension and cancellation requests, due-date history, answers to proposals.
export type TaskEvaluation = NonNullable<Task['evaluation']>;
export const TASK_EVALUATIONS = [
  'completed_on_time',
  'completed_late',
  'not_completed_within_deadline',
  'not_completed_overdue',
] as const satisfies readonly TaskEvaluation[];
export type CompletionPage = JsonBody<paths['/api/v1/tasks/{id}/completions']['get']['responses'][200]>;
export type Completion = components['schemas']['Completion'];
export type CompletionStatus = Completion['status'];
export const COMPLETION_STATUSES = ['pending', 'accepted', 'returned'] as const satisfies readonly CompletionStatus[];
export type ProposeCompletionBody = NonNullable<paths['/api/v1/tasks/{id}/completion']['post']['requestBody']>['content']['application/json'];
export type ReturnCompletionBody = NonNullable<paths['/api/v1/tasks/{id}/completion/return']['post']['requestBody']>['content']['application/json'];
export type TaskRequestPage = JsonBody<paths['/api/v1/tasks/{id}/requests']['get']['responses'][200]>;
export type TaskRequest = components['schemas']['TaskRequest'];
export type RequestKind = TaskRequest['kind'];
export type RequestStatus = TaskRequest['status'];
export const REQUEST_KINDS = ['extension', 'cancellation'] as const satisfies readonly RequestKind[];
export const REQUEST_STATUSES = ['pending', 'granted', 'refused'] as const satisfies readonly RequestStatus[];
export type FileRequestBody = NonNullable<paths['/api/v1/tasks/{id}/requests']['post']['requestBody']>['content']['application/json'];
export type RefuseRequestBody = NonNullable<paths['/api/v1/task-requests/{id}/refuse']['post']['requestBody']>['content']['application/json'];
export type DueDateChangePage = JsonBody<paths['/api/v1/tasks/{id}/due-dates']['get']['responses'][200]>;
export type DueDateChange = components['schemas']['DueDateChange'];
export type AnswerProposalsBody = NonNullable<paths['/api/v1/reports/{id}/answer']['post']['requestBody']>['content']['application/json'];

// Reporting regime: to-do list, notifications, calendars and locked periods, bulk decisions.
export type MyWork = components['schemas']['MyWork'];
export type WorkItem = components['schemas']['WorkItem'];
export type WorkKind = components['schemas']['WorkKind'];
export type WorkCounts = components['schemas']['WorkCounts'];
export const WORK_KINDS = [
  'figure_to_enter',
  'figure_to_correct',
  'report_to_file',
  'figure_to_approve',
  'completion_to_decide',
  'request_to_decide',
  'directive_to_answer',
] as const satisfies readonly WorkKind[];
export type Notification = components['schemas']['Notification'];
export type NotificationKind = Notification['kind'];
export type NotificationPage = components['schemas']['NotificationPage'];
export type NotificationSettings = components['schemas']['NotificationSettings'];
export type NotifyMode = NotificationSettings['notify'];
export const NOTIFY_MODES = ['immediate', 'digest', 'off'] as const satisfies readonly NotifyMode[];
export type PutNotificationSettingsBody = components['schemas']['PutNotificationSettings'];
export type ReportingCalendar = components['schemas']['ReportingCalendar'];
export type PeriodDeadlines = components['schemas']['PeriodDeadlines'];
export type PutCalendarBody = components['schemas']['PutCalendar'];
export type Unlock = components['schemas']['Unlock'];
export type UnlockPage = components['schemas']['Page_Unlock'];
export type GrantUnlockBody = components['schemas']['GrantUnlock'];
export type ReportCalendar = components['schemas']['ReportCalendar'];
export const FREQUENCIES = ['monthly', 'quarterly', 'half_yearly', 'yearly'] as const satisfies readonly Frequency[];
export type TotpStatus = components['schemas']['TotpStatus'];
export type TotpEnrolment = components['schemas']['TotpEnrolment'];
export type LoginSession = components['schemas']['Session'];
export type SessionsEnded = components['schemas']['SessionsEnded'];

// Planners' screens: resolutions, indicators, targets and indicator sets.
export type CreateResolutionBody = components['schemas']['CreateResolution'];
export type UpdateResolutionBody = components['schemas']['UpdateResolution'];
export type CreateIndicatorBody = components['schemas']['CreateIndicator'];
export type UpdateIndicatorBody = components['schemas']['UpdateIndicator'];
export type InterimTarget = components['schemas']['InterimTarget'];
export type PutTargetsBody = components['schemas']['PutTargets'];
export type IndicatorSet = components['schemas']['IndicatorSet'];
export type IndicatorSetPage = components['schemas']['Page_IndicatorSet'];
export type SetItem = components['schemas']['SetItem'];
export type CreateSetBody = components['schemas']['CreateSet'];
export type UpdateSetBody = components['schemas']['UpdateSet'];
export type Direction = components['schemas']['Direction'];
export type Aggregation = components['schemas']['Aggregation'];
export const DIRECTIONS = ['increase', 'decrease'] as const satisfies readonly Direction[];
export const AGGREGATIONS = ['sum', 'average', 'min', 'max', 'last'] as const satisfies readonly Aggregation[];
export const VALUE_TYPES = ['number', 'percent', 'boolean'] as const satisfies readonly ValueType[];
export type ByProvince = JsonBody<paths['/api/v1/indicators/{id}/provinces']['get']['responses'][200]>;
export type ProvinceRow = ByProvince['items'][number];

/** An agency named in another object's view or a pick list (code, name, kind). */
export type AgencyBrief = components['schemas']['AgencyBrief'];
export type AgencyBriefPage = components['schemas']['Page_AgencyBrief'];
/** A resolution's steering committee (`GET /resolutions/{id}/committee`). */
export type Committee = components['schemas']['Committee'];
export type SetCommitteeBody = components['schemas']['SetCommittee'];
