import { App, Breadcrumb, Button, Card, Col, Descriptions, Flex, Popconfirm, Row, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import type { TaskStatus } from '../../../api/models';
import { ErrorState, LoadingState } from '../../../components/PageState';
import { describeError } from '../../../lib/describe-error';
import { formatDate, formatNumber } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { ApiError } from '../../../lib/problem';
import {
  useAcceptCompletion,
  useAnswerProposals,
  useCompletions,
  useDueDates,
  useFileRequest,
  useGrantRequest,
  useProposeCompletion,
  useRefuseRequest,
  useReturnCompletion,
  useTaskRequests,
} from '../api/acceptance';
import { useAnswerDirective, useCloseDirective, useDirectives, useIssueDirective } from '../api/directives';
import { useResolution } from '../api/resolutions';
import { useCreateReport, useReports, useTask, useTasks, useUpdateTask } from '../api/tasks';
import { useAgencyDirectory } from './agency-directory';
import { AgencyName, AgencyTags } from './AgencyName';
import { CompletionPanel, EvaluationTag } from './CompletionPanel';
import { DirectiveThread } from '../../../components/DirectiveThread';
import { IssueDirectiveForm } from '../../../components/IssueDirectiveForm';
import { ReportForm } from './ReportForm';
import { ReportsTimeline } from './ReportsTimeline';
import { DueDateText, RequestsPanel } from './RequestsPanel';
import { statusAction } from './task-rules';
import { TaskHistory } from './TaskHistory';
import { TaskKpis } from './TaskKpis';
import { TaskTable } from './TaskTable';
import { HealthTag, ProgressBar, TaskStatusTag } from './TaskTags';
import { ExpectedProgress, TaskBehind } from './TaskBehind';

export function TaskPage() {
  const { id } = useParams();
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const task = useTask(id);
  const current = task.data?.task;
  const resolution = useResolution(current?.resolution_id);
  const parent = useTask(current?.parent_id ?? undefined);
  const subtasks = useTasks({ parent_id: id, sort: 'code', limit: 200 }, Boolean(id));
  const reports = useReports(id);
  const directory = useAgencyDirectory();
  const updateTask = useUpdateTask();
  const createReport = useCreateReport(id ?? '');
  const directives = useDirectives(id);
  const issueDirective = useIssueDirective(id ?? '');
  const answerDirective = useAnswerDirective(id ?? '');
  const closeDirective = useCloseDirective(id ?? '');
  const completions = useCompletions(id);
  const requests = useTaskRequests(id);
  const dueDates = useDueDates(id);
  const proposeCompletion = useProposeCompletion(id ?? '');
  const acceptCompletion = useAcceptCompletion(id ?? '');
  const returnCompletion = useReturnCompletion(id ?? '');
  const fileRequest = useFileRequest(id ?? '');
  const grantRequest = useGrantRequest();
  const refuseRequest = useRefuseRequest();
  const answerProposals = useAnswerProposals();
  const reportedPeriods = useMemo(() => (reports.data?.items ?? []).map((r) => r.period), [reports.data]);

  if (task.isPending || directory.me.isPending) return <LoadingState />;
  if (task.isError) return <ErrorState error={task.error} onRetry={() => void task.refetch()} />;
  const { task: data, etag } = task.data;
  const { nameOf } = directory;
  // KPI figures are rolled up over the lead agency's subtree when the user sees it, otherwise over the user's own.
  const kpiAgency = directory.index.has(data.lead_agency_id) ? data.lead_agency_id : undefined;
  const kpiAgencyName = kpiAgency ? nameOf(kpiAgency) : directory.me.data?.agency.name;
  // What this user may do: decided by the server, shown as buttons here.
  const can = data.actions;

  const changeStatus = async (status: TaskStatus) => {
    try {
      await updateTask.mutateAsync({ id: data.id, etag, body: { status } });
      void message.success(t('tasks.statusChanged', { status: t(`taskStatus.${status}`) }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        void message.warning(`${t('tasks.stale')}. ${t('tasks.latestLoaded')}.`);
        void task.refetch();
      } else {
        void message.error(describeError(error, t));
      }
    }
  };

  return (
    <div className="page">
      <Breadcrumb
        className="page-breadcrumb"
        items={[
          { title: <Link to="/resolutions">{t('nav.resolutions')}</Link> },
          { title: resolution.data ? <Link to={`/resolutions/${resolution.data.id}`}>{resolution.data.code}</Link> : '…' },
          ...(data.parent_id && parent.data ? [{ title: <Link to={`/tasks/${data.parent_id}`}>{parent.data.task.code}</Link> }] : []),
          { title: data.code },
        ]}
      />
      <Flex justify="space-between" align="flex-start" wrap gap={12} className="page-header">
        <div style={{ flex: '1 1 480px', minWidth: 0 }}>
          <Space size={8} wrap>
            <Typography.Title level={1} className="page-title" style={{ margin: 0 }} data-testid="task-code">
              {data.code}
            </Typography.Title>
            <TaskStatusTag status={data.status} />
            <HealthTag health={data.health} />
          </Space>
          <Typography.Title level={5} style={{ marginTop: 8, marginBottom: 0 }}>
            {data.title}
          </Typography.Title>
        </div>
        {can.status_moves.length > 0 && (
          <Space wrap aria-label={t('tasks.changeStatus')}>
            {can.status_moves.map((to) => {
              const action = statusAction(data.status, to);
              return (
                <Popconfirm
                  key={to}
                  title={t('tasks.statusConfirm', { code: data.code, status: t(`taskStatus.${to}`) })}
                  description={to === 'cancelled' ? t('tasks.cancelWarning') : undefined}
                  okText={t(`tasks.action.${action}`)}
                  cancelText={t('common.cancel')}
                  onConfirm={() => void changeStatus(to)}
                >
                  <Button type={to === 'completed' || action === 'start' ? 'primary' : 'default'} danger={to === 'cancelled'} loading={updateTask.isPending}>
                    {t(`tasks.action.${action}`)}
                  </Button>
                </Popconfirm>
              );
            })}
          </Space>
        )}
      </Flex>

      <Card size="small" title={t('tasks.details')} className="section">
        <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('tasks.lead')}>
            <AgencyName id={data.lead_agency_id} nameOf={nameOf} />
          </Descriptions.Item>
          <Descriptions.Item label={t('tasks.coordinators')}>
            <AgencyTags ids={data.coordinating_agency_ids} nameOf={nameOf} />
          </Descriptions.Item>
          <Descriptions.Item label={t('tasks.weight')}>{formatNumber(data.weight, language)}</Descriptions.Item>
          <Descriptions.Item label={t('tasks.startDate')}>{formatDate(data.start_date, language)}</Descriptions.Item>
          <Descriptions.Item label={t('tasks.dueDate')}>
            <DueDateText task={data} />
          </Descriptions.Item>
          <Descriptions.Item label={t('tasks.progress')}>
            <ProgressBar value={data.progress} health={data.health} width={160} />
            <ExpectedProgress value={data.expected_progress} />
            <TaskBehind task={{ days_overdue: data.days_overdue, latest_obstacles: null }} />
          </Descriptions.Item>
          {data.latest_obstacles ? (
            <Descriptions.Item label={t('tasks.latestObstaclesLabel')}>
              <span className="task-latest-obstacles">{data.latest_obstacles}</span>
            </Descriptions.Item>
          ) : null}
          {data.evaluation ? (
            <Descriptions.Item label={t('evaluation.label')}>
              <EvaluationTag evaluation={data.evaluation} />
            </Descriptions.Item>
          ) : null}
          {data.description ? (
            <Descriptions.Item label={t('tasks.description')} span={{ xs: 1, md: 2, xl: 3 }}>
              <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{data.description}</Typography.Paragraph>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>

      <Row gutter={[16, 16]} className="section">
        <Col xs={24} lg={13}>
          <Card size="small" data-testid="task-completion" title={t('completion.title')}>
            {completions.isPending ? (
              <LoadingState />
            ) : completions.isError ? (
              <ErrorState error={completions.error} onRetry={() => void completions.refetch()} />
            ) : (
              <CompletionPanel
                task={data}
                completions={completions.data.items}
                canAttach={directory.me.data?.actions.attach_evidence ?? false}
                onPropose={(body) => proposeCompletion.mutateAsync(body)}
                onAccept={() => acceptCompletion.mutateAsync()}
                onReturn={(reason) => returnCompletion.mutateAsync({ reason })}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={11}>
          <Card size="small" data-testid="task-requests" title={t('requests.title')}>
            {requests.isPending || dueDates.isPending ? (
              <LoadingState />
            ) : requests.isError || dueDates.isError ? (
              <ErrorState
                error={requests.error ?? dueDates.error}
                onRetry={() => void Promise.all([requests.refetch(), dueDates.refetch()])}
              />
            ) : (
              <RequestsPanel
                task={data}
                requests={requests.data.items}
                dueDates={dueDates.data.items}
                onFile={(body) => fileRequest.mutateAsync(body)}
                onGrant={(requestId) => grantRequest.mutateAsync(requestId)}
                onRefuse={(requestId, reason) => refuseRequest.mutateAsync({ id: requestId, body: { reason } })}
              />
            )}
          </Card>
        </Col>
      </Row>

      <TaskKpis taskId={data.id} agencyId={kpiAgency} agencyName={kpiAgencyName} />

      <Card size="small" title={`${t('tasks.subtasks')} (${formatNumber(data.child_count, language)})`} className="section">
        {subtasks.isError ? (
          <ErrorState error={subtasks.error} onRetry={() => void subtasks.refetch()} />
        ) : (
          <TaskTable
            tasks={subtasks.data?.items ?? []}
            loading={subtasks.isFetching}
            pending={subtasks.isPending}
            emptyText={t('tasks.noSubtasks')}
            nameOf={nameOf}
          />
        )}
      </Card>

      <Row gutter={[16, 16]} className="section">
        <Col xs={24} lg={can.issue_directive ? 13 : 24}>
          <Card
            size="small"
            data-testid="task-directives"
            title={directives.data ? `${t('directives.title')} (${formatNumber(directives.data.total, language)})` : t('directives.title')}
          >
            {directives.isPending ? (
              <LoadingState />
            ) : directives.isError ? (
              <ErrorState error={directives.error} onRetry={() => void directives.refetch()} />
            ) : (
              <DirectiveThread
                directives={directives.data.items}
                nameOf={nameOf}
                onAnswer={(directiveId, body) => answerDirective.mutateAsync({ id: directiveId, body })}
                onClose={(directiveId) => closeDirective.mutateAsync(directiveId)}
              />
            )}
          </Card>
        </Col>
        {can.issue_directive && (
          <Col xs={24} lg={11}>
            <Card size="small" title={t('directives.issueTitle')}>
              <IssueDirectiveForm
                recipient={t('directives.issueHint', { agency: nameOf(data.lead_agency_id) ?? t('tasks.otherAgency') })}
                onSubmit={(body) => issueDirective.mutateAsync(body)}
              />
            </Card>
          </Col>
        )}
      </Row>

      <Row gutter={[16, 16]} className="section">
        <Col xs={24} lg={can.report ? 13 : 24}>
          <Card size="small" title={t('reports.title')}>
            {reports.isPending ? (
              <LoadingState />
            ) : reports.isError ? (
              <ErrorState error={reports.error} onRetry={() => void reports.refetch()} />
            ) : (
              <ReportsTimeline reports={reports.data.items} onAnswer={(reportId, body) => answerProposals.mutateAsync({ id: reportId, body })} />
            )}
          </Card>
        </Col>
        {can.report && (
          <Col xs={24} lg={11}>
            <Card size="small" title={t('reports.formTitle')}>
              <ReportForm
                task={data}
                progress={data.progress}
                reportedPeriods={reportedPeriods}
                canAttach={directory.me.data?.actions.attach_evidence ?? false}
                onSubmit={(body) => createReport.mutateAsync(body)}
              />
            </Card>
          </Col>
        )}
      </Row>

      <Card size="small" title={t('tasks.history')} className="section">
        <TaskHistory taskId={data.id} />
      </Card>
    </div>
  );
}
