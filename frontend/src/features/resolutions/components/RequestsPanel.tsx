import { Alert, App, Button, DatePicker, Flex, Form, Popconfirm, Radio, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { DueDateChange, FileRequestBody, RequestKind, Task, TaskRequest } from '../../../api/models';
import { EmptyState } from '../../../components/PageState';
import { describeError } from '../../../lib/describe-error';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { ApiError, problemToForm } from '../../../lib/problem';
import { dueDateMoved, extensionDueProblem, REQUEST_STATUS_COLOR, sortRequests } from './acceptance-rules';
import { TextItem } from '../../../components/DirectiveText';
import { ReasonModal } from './ReasonModal';

interface Props {
  task: Task;
  requests: readonly TaskRequest[];
  dueDates: readonly DueDateChange[];
  onFile: (body: FileRequestBody) => Promise<TaskRequest>;
  onGrant: (requestId: string) => Promise<Task>;
  onRefuse: (requestId: string, reason: string) => Promise<TaskRequest>;
}

/** The current due date, with the original one next to it when it was moved. */
export function DueDateText({ task }: { task: Pick<Task, 'due_date' | 'original_due_date'> }) {
  const { t, language } = useI18n();
  return (
    <span className="task-due" data-due={task.due_date}>
      {formatDate(task.due_date, language)}
      {dueDateMoved(task) && (
        <Typography.Text type="secondary" className="task-original-due">
          {' '}
          {t('requests.originalDue', { date: formatDate(task.original_due_date, language) })}
        </Typography.Text>
      )}
    </span>
  );
}

/**
 * "Đề nghị gia hạn / hủy nhiệm vụ": the lead agency asks for more time or for the task to be cancelled;
 * the assigning agency grants or refuses. Buttons come only from the task's and each request's `actions`.
 */
export function RequestsPanel({ task, requests, dueDates, onFile, onGrant, onRefuse }: Props) {
  const { t, language } = useI18n();
  const sorted = sortRequests(requests);
  const history = [...dueDates].sort((a, b) => b.changed_at.localeCompare(a.changed_at));

  return (
    <div className="requests-panel">
      <Typography.Paragraph className="requests-due">
        <Typography.Text strong>{t('tasks.dueDate')}: </Typography.Text>
        <DueDateText task={task} />
      </Typography.Paragraph>

      {task.actions.request_change && <RequestForm task={task} onFile={onFile} />}

      {sorted.length === 0 ? (
        !task.actions.request_change && <EmptyState description={t('requests.empty')} />
      ) : (
        <ul className="request-list">
          {sorted.map((r) => (
            <RequestItem key={r.id} request={r} onGrant={onGrant} onRefuse={onRefuse} />
          ))}
        </ul>
      )}

      {history.length > 0 && (
        <div className="due-date-history">
          <Typography.Text strong>{t('requests.dueHistory')}</Typography.Text>
          <ul className="due-date-list">
            {history.map((c) => (
              <li key={c.id} className="due-date-change" data-after={c.due_date_after}>
                <Typography.Text>
                  {t('requests.dueChange', { before: formatDate(c.due_date_before, language), after: formatDate(c.due_date_after, language) })}
                </Typography.Text>
                <Typography.Text type="secondary">
                  {' · '}
                  {formatDateTime(c.changed_at, language)}
                  {' · '}
                  <span className="due-date-changed-by">{t('requests.changedBy', { name: c.changed_by_name })}</span>
                  {' · '}
                  {c.request_id ? t('requests.byRequest') : t('requests.byPlan')}
                </Typography.Text>
                {c.reason && <Typography.Paragraph className="due-date-reason">{c.reason}</Typography.Paragraph>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function RequestItem({ request: r, onGrant, onRefuse }: { request: TaskRequest; onGrant: Props['onGrant']; onRefuse: Props['onRefuse'] }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const [granting, setGranting] = useState(false);
  const [refusing, setRefusing] = useState(false);

  const grant = async () => {
    setGranting(true);
    try {
      await onGrant(r.id);
      void message.success(t('requests.grantedToast'));
    } catch (error) {
      void message.error(describeError(error, t));
    } finally {
      setGranting(false);
    }
  };

  return (
    <li className="request-item" data-id={r.id} data-kind={r.kind} data-status={r.status}>
      <Flex gap={8} wrap align="center">
        <Tag bordered={false} className="request-kind">
          {t(`requestKind.${r.kind}`)}
        </Tag>
        <Tag color={REQUEST_STATUS_COLOR[r.status]} className="request-status" data-status={r.status}>
          {t(`requestStatus.${r.status}`)}
        </Tag>
        {r.kind === 'extension' && r.due_date && (
          <Typography.Text className="request-due">{t('requests.askedDue', { date: formatDate(r.due_date, language) })}</Typography.Text>
        )}
      </Flex>
      <Typography.Text type="secondary" className="request-meta">
        {t('requests.requestedBy', { name: r.requested_by_name, at: formatDateTime(r.requested_at, language) })}
      </Typography.Text>
      <Typography.Paragraph className="request-reason">{r.reason}</Typography.Paragraph>
      {r.decided_at && (
        <Typography.Text type="secondary" className="request-decided">
          {t(r.status === 'granted' ? 'requests.grantedBy' : 'requests.refusedBy', {
            name: r.decided_by_name ?? '—',
            at: formatDateTime(r.decided_at, language),
          })}
        </Typography.Text>
      )}
      {r.status === 'refused' && r.decision_reason && (
        <Alert type="warning" className="request-decision-reason" message={t('requests.refuseReason')} description={r.decision_reason} />
      )}
      {(r.actions.grant || r.actions.refuse) && (
        <Space wrap className="request-actions">
          {r.actions.grant && (
            <Popconfirm
              title={t(r.kind === 'extension' ? 'requests.grantExtensionConfirm' : 'requests.grantCancellationConfirm', {
                date: formatDate(r.due_date, language),
              })}
              description={r.kind === 'cancellation' ? t('tasks.cancelWarning') : undefined}
              okText={t('requests.grant')}
              cancelText={t('common.cancel')}
              onConfirm={() => void grant()}
            >
              <Button type="primary" loading={granting}>
                {t('requests.grant')}
              </Button>
            </Popconfirm>
          )}
          {r.actions.refuse && (
            <Button danger onClick={() => setRefusing(true)} disabled={granting}>
              {t('requests.refuse')}
            </Button>
          )}
        </Space>
      )}
      <ReasonModal
        open={refusing}
        name={`refuse-${r.id}`}
        title={t('requests.refuseTitle')}
        description={t('requests.refuseHint')}
        label={t('requests.refuseReason')}
        okText={t('requests.refuse')}
        onSubmit={async (reason) => {
          await onRefuse(r.id, reason);
          void message.success(t('requests.refusedToast'));
        }}
        onClose={() => setRefusing(false)}
      />
    </li>
  );
}

interface RequestValues {
  kind: RequestKind;
  due_date?: Dayjs | null;
  reason?: string;
}

function RequestForm({ task, onFile }: { task: Task; onFile: Props['onFile'] }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<RequestValues>();
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const kind = Form.useWatch('kind', form) ?? 'extension';
  const dateFormat = language === 'vi' ? 'DD/MM/YYYY' : 'D MMM YYYY';

  const submit = async (values: RequestValues) => {
    setFormMessage(null);
    setSaving(true);
    try {
      const body: FileRequestBody =
        values.kind === 'extension'
          ? { kind: 'extension', reason: values.reason ?? '', due_date: values.due_date?.format('YYYY-MM-DD') }
          : { kind: 'cancellation', reason: values.reason ?? '' };
      await onFile(body);
      form.resetFields();
      void message.success(t('requests.filed'));
    } catch (error) {
      const mapped =
        error instanceof ApiError
          ? problemToForm(error.problem, ['kind', 'reason', 'due_date'] as const, describeError(error, t), t, {
              kind: t('requests.kind'),
              reason: t('requests.reason'),
              due_date: t('requests.newDue'),
            })
          : { fields: [], formMessage: describeError(error, t) };
      form.setFields(mapped.fields);
      setFormMessage(mapped.formMessage);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<RequestValues>
      form={form}
      layout="vertical"
      name="task-request"
      className="request-form"
      initialValues={{ kind: 'extension' }}
      onFinish={(v) => void submit(v)}
    >
      {formMessage && <Alert type="error" showIcon role="alert" className="form-alert" message={formMessage} />}
      <Form.Item label={t('requests.kind')} name="kind">
        <Radio.Group
          options={[
            { value: 'extension', label: t('requests.kindExtension') },
            { value: 'cancellation', label: t('requests.kindCancellation') },
          ]}
        />
      </Form.Item>
      {kind === 'extension' && (
        <Form.Item
          label={t('requests.newDue')}
          name="due_date"
          required
          extra={t('requests.newDueHint', { date: formatDate(task.due_date, language) })}
          rules={[
            {
              validator: (_, due: Dayjs | null | undefined) => {
                const problem = extensionDueProblem(due ? due.format('YYYY-MM-DD') : null, task.due_date);
                if (problem === 'required') return Promise.reject(new Error(t('common.required', { field: t('requests.newDue').toLocaleLowerCase('vi') })));
                if (problem === 'notLater')
                  return Promise.reject(new Error(t('requests.notLater', { date: formatDate(task.due_date, language) })));
                return Promise.resolve();
              },
            },
          ]}
        >
          <DatePicker format={dateFormat} placeholder={t('directives.duePlaceholder')} style={{ width: '100%' }} />
        </Form.Item>
      )}
      {kind === 'cancellation' && <Alert type="warning" showIcon className="form-alert" message={t('requests.cancellationHint')} />}
      <TextItem name="reason" label={t('requests.reason')} />
      <Button type="primary" htmlType="submit" loading={saving}>
        {t('requests.file')}
      </Button>
    </Form>
  );
}
