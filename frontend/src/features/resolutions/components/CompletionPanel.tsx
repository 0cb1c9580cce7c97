import { Alert, App, Button, Flex, Form, Popconfirm, Space, Tag, Typography, type UploadFile } from 'antd';
import { useState } from 'react';
import type { Completion, ProposeCompletionBody, Task, TaskEvaluation } from '../../../api/models';
import { AttachmentList } from '../../../components/AttachmentList';
import { EmptyState } from '../../../components/PageState';
import { EvidenceUpload } from '../../../components/EvidenceUpload';
import { fileListFromEvent, isUploading, uploadedIds } from '../../../lib/attachments';
import { describeError } from '../../../lib/describe-error';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { ApiError, problemToForm } from '../../../lib/problem';
import { acceptedCompletion, COMPLETION_STATUS_COLOR, EVALUATION_COLOR, splitCompletions } from './acceptance-rules';
import { SUMMARY_MAX } from '../../../lib/directive-rules';
import { TextItem } from '../../../components/DirectiveText';
import { ReasonModal } from './ReasonModal';

interface Props {
  task: Task;
  /** The task's completion proposals, as the server sends them. */
  completions: readonly Completion[];
  /** `me.actions.attach_evidence`: offer evidence files. */
  canAttach: boolean;
  onPropose: (body: ProposeCompletionBody) => Promise<Task>;
  onAccept: () => Promise<Task>;
  onReturn: (reason: string) => Promise<Task>;
}

/** How a task stands against its deadline, in the Government Office's four classes. */
export function EvaluationTag({ evaluation }: { evaluation: TaskEvaluation | null | undefined }) {
  const { t } = useI18n();
  if (!evaluation) return null;
  return (
    <Tag color={EVALUATION_COLOR[evaluation]} className="task-evaluation" data-evaluation={evaluation}>
      {t(`evaluation.${evaluation}`)}
    </Tag>
  );
}

/**
 * "Xác nhận hoàn thành": the lead agency proposes completion with a result summary and evidence, the
 * assigning agency accepts or returns it. Every button comes from the task's or the proposal's `actions`.
 */
export function CompletionPanel({ task, completions, canAttach, onPropose, onAccept, onReturn }: Props) {
  const { t, language } = useI18n();
  const { pending, decided } = splitCompletions(completions);
  const accepted = task.status === 'completed' ? acceptedCompletion(completions) : undefined;

  return (
    <div className="completion-panel">
      {task.status === 'completed' && task.completed_on && (
        <Alert
          type="success"
          showIcon
          className="completion-done"
          message={
            <Flex gap={8} wrap align="center">
              <span className="completion-accepted">
                {accepted?.decided_by_name && task.accepted_at
                  ? t('completion.doneAcceptedBy', {
                      date: formatDate(task.completed_on, language),
                      name: accepted.decided_by_name,
                      at: formatDateTime(task.accepted_at, language),
                    })
                  : task.accepted_at
                    ? t('completion.doneAccepted', { date: formatDate(task.completed_on, language), at: formatDateTime(task.accepted_at, language) })
                    : t('completion.done', { date: formatDate(task.completed_on, language) })}
              </span>
              <EvaluationTag evaluation={task.evaluation} />
            </Flex>
          }
        />
      )}

      {pending && <PendingProposal proposal={pending} taskCode={task.code} onAccept={onAccept} onReturn={onReturn} />}

      {task.actions.propose_completion && !pending && <ProposeForm canAttach={canAttach} onPropose={onPropose} />}

      {!pending && !task.actions.propose_completion && task.status !== 'completed' && decided.length === 0 && (
        <EmptyState description={t('completion.none')} />
      )}

      {decided.length > 0 && (
        <div className="completion-history">
          <Typography.Text strong>{t('completion.history')}</Typography.Text>
          <ul className="completion-list">
            {decided.map((c) => (
              <li key={c.id} className="completion-item" data-id={c.id} data-status={c.status}>
                <ProposalHeader proposal={c} />
                <Typography.Paragraph className="completion-summary" ellipsis={{ rows: 3, expandable: true }}>
                  {c.summary}
                </Typography.Paragraph>
                {c.decided_at && (
                  <Typography.Text type="secondary" className="completion-decided">
                    {t(c.status === 'accepted' ? 'completion.acceptedBy' : 'completion.returnedBy', {
                      name: c.decided_by_name ?? '—',
                      at: formatDateTime(c.decided_at, language),
                    })}
                  </Typography.Text>
                )}
                {c.status === 'returned' && c.reason && (
                  <Alert type="warning" className="completion-reason" message={t('completion.returnReason')} description={c.reason} />
                )}
                <AttachmentList attachments={c.attachments} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function ProposalHeader({ proposal: c }: { proposal: Completion }) {
  const { t, language } = useI18n();
  return (
    <Flex gap={8} wrap align="center">
      <Tag color={COMPLETION_STATUS_COLOR[c.status]} bordered={false} className="completion-status" data-status={c.status}>
        {t(`completionStatus.${c.status}`)}
      </Tag>
      <Typography.Text type="secondary" className="completion-proposed">
        {t('completion.proposedBy', { name: c.proposed_by_name, at: formatDateTime(c.proposed_at, language) })}
      </Typography.Text>
    </Flex>
  );
}

function PendingProposal({
  proposal,
  taskCode,
  onAccept,
  onReturn,
}: {
  proposal: Completion;
  taskCode: string;
  onAccept: Props['onAccept'];
  onReturn: Props['onReturn'];
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [accepting, setAccepting] = useState(false);
  const [returning, setReturning] = useState(false);

  const accept = async () => {
    setAccepting(true);
    try {
      await onAccept();
      void message.success(t('completion.acceptedToast'));
    } catch (error) {
      void message.error(describeError(error, t));
    } finally {
      setAccepting(false);
    }
  };

  return (
    <div className="completion-pending" data-id={proposal.id}>
      <ProposalHeader proposal={proposal} />
      <Typography.Text strong className="completion-summary-label">
        {t('completion.summary')}
      </Typography.Text>
      <Typography.Paragraph className="completion-summary">{proposal.summary}</Typography.Paragraph>
      <AttachmentList attachments={proposal.attachments} />
      {!proposal.actions.accept && !proposal.actions.return && (
        <Typography.Paragraph type="secondary" className="completion-waiting">
          {t('completion.waiting')}
        </Typography.Paragraph>
      )}
      {(proposal.actions.accept || proposal.actions.return) && (
        <Space wrap className="completion-actions">
          {proposal.actions.accept && (
            <Popconfirm
              title={t('completion.acceptConfirm', { code: taskCode })}
              description={t('completion.acceptHint')}
              okText={t('completion.accept')}
              cancelText={t('common.cancel')}
              onConfirm={() => void accept()}
            >
              <Button type="primary" loading={accepting}>
                {t('completion.accept')}
              </Button>
            </Popconfirm>
          )}
          {proposal.actions.return && (
            <Button danger onClick={() => setReturning(true)} disabled={accepting}>
              {t('completion.return')}
            </Button>
          )}
        </Space>
      )}
      <ReasonModal
        open={returning}
        name="return-completion"
        title={t('completion.returnTitle')}
        description={t('completion.returnHint')}
        label={t('completion.returnReason')}
        okText={t('completion.return')}
        onSubmit={async (reason) => {
          await onReturn(reason);
          void message.success(t('completion.returnedToast'));
        }}
        onClose={() => setReturning(false)}
      />
    </div>
  );
}

interface ProposeValues {
  summary?: string;
  attachment_ids?: UploadFile[];
}

function ProposeForm({ canAttach, onPropose }: { canAttach: boolean; onPropose: Props['onPropose'] }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ProposeValues>();
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (values: ProposeValues) => {
    setFormMessage(null);
    if (isUploading(values.attachment_ids)) {
      setFormMessage(t('attachments.stillUploading'));
      return;
    }
    const attachmentIds = canAttach ? uploadedIds(values.attachment_ids) : [];
    setSaving(true);
    try {
      await onPropose({ summary: values.summary ?? '', ...(attachmentIds.length > 0 ? { attachment_ids: attachmentIds } : {}) });
      form.resetFields();
      void message.success(t('completion.proposed'));
    } catch (error) {
      const mapped =
        error instanceof ApiError
          ? problemToForm(error.problem, ['summary', 'attachment_ids'] as const, describeError(error, t), t, {
              summary: t('completion.summary'),
              attachment_ids: t('attachments.label'),
            })
          : { fields: [], formMessage: describeError(error, t) };
      form.setFields(mapped.fields);
      setFormMessage(mapped.formMessage);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<ProposeValues> form={form} layout="vertical" name="propose-completion" className="completion-form" onFinish={(v) => void submit(v)}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('completion.proposeTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('completion.proposeHint')}</Typography.Paragraph>
      {formMessage && <Alert type="error" showIcon role="alert" className="form-alert" message={formMessage} />}
      <TextItem name="summary" label={t('completion.summary')} max={SUMMARY_MAX} />
      {canAttach && (
        <Form.Item label={t('attachments.label')} name="attachment_ids" valuePropName="fileList" getValueFromEvent={fileListFromEvent}>
          <EvidenceUpload />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" loading={saving}>
        {t('completion.propose')}
      </Button>
    </Form>
  );
}
