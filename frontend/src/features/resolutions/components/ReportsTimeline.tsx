import { Alert, App, Button, Flex, Form, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import type { AnswerProposalsBody, ProgressReport } from '../../../api/models';
import { AttachmentList } from '../../../components/AttachmentList';
import { OnTimeTag } from '../../../components/DeadlineTags';
import { EmptyState } from '../../../components/PageState';
import { describeError } from '../../../lib/describe-error';
import { formatDate, formatDateTime, formatPercent } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { describePeriod } from '../../../lib/periods';
import { ApiError, problemToForm } from '../../../lib/problem';
import { TextItem } from '../../../components/DirectiveText';

type OnAnswer = (reportId: string, body: AnswerProposalsBody) => Promise<unknown>;

/** Progress reports, newest first; obstacles and proposals stand out because they need the level above to act. */
export function ReportsTimeline({ reports, onAnswer }: { reports: readonly ProgressReport[]; onAnswer?: OnAnswer }) {
  const { t, language } = useI18n();
  if (reports.length === 0) return <EmptyState description={t('reports.empty')} />;
  const sorted = [...reports].sort((a, b) => b.created_at.localeCompare(a.created_at));
  return (
    <Timeline
      className="reports-timeline"
      items={sorted.map((r) => ({
        key: r.id,
        color: r.current ? 'blue' : 'gray',
        children: (
          <div className="report-item" data-period={r.period} data-id={r.id}>
            <Flex gap={8} wrap align="center">
              <Typography.Text strong>{describePeriod(r.period, t)}</Typography.Text>
              <Tag color={r.current ? 'blue' : 'default'} bordered={false}>
                {formatPercent(r.progress, language)}
              </Tag>
              {r.revision > 1 && <Tag bordered={false}>{t('reports.revision', { n: r.revision })}</Tag>}
              {!r.current && <Tag bordered={false}>{t('reports.superseded')}</Tag>}
              {r.due_date && (
                <Typography.Text type="secondary" className="report-due">
                  {t('timeliness.dueOn', { date: formatDate(r.due_date, language) })}
                </Typography.Text>
              )}
              <OnTimeTag onTime={r.on_time} />
            </Flex>
            <Typography.Text type="secondary" className="report-meta">
              {r.reported_by_name} · {formatDateTime(r.created_at, language)}
            </Typography.Text>
            {r.narrative && <Typography.Paragraph className="report-narrative">{r.narrative}</Typography.Paragraph>}
            {r.obstacles && (
              <Alert type="warning" showIcon className="report-note" message={t('reports.obstacles')} description={r.obstacles} />
            )}
            {r.proposals && <Alert type="info" showIcon className="report-note" message={t('reports.proposals')} description={r.proposals} />}
            <ProposalsAnswer report={r} onAnswer={onAnswer} />
            <AttachmentList attachments={r.attachments} />
          </div>
        ),
      }))}
    />
  );
}

/** The level above's answer to a report's proposals (kiến nghị), and the form when `actions.answer_proposals`. */
function ProposalsAnswer({ report: r, onAnswer }: { report: ProgressReport; onAnswer?: OnAnswer }) {
  const { t, language } = useI18n();
  const [answering, setAnswering] = useState(false);
  const canAnswer = Boolean(onAnswer) && r.actions.answer_proposals;
  return (
    <>
      {r.proposals_answer && (
        <div className="proposals-answer">
          <Typography.Text strong>{t('proposalsAnswer.label')}</Typography.Text>
          {r.proposals_answered_at && (
            <Typography.Text type="secondary" className="proposals-answer-meta">
              {' · '}
              {r.proposals_answered_by_name
                ? t('proposalsAnswer.atBy', { time: formatDateTime(r.proposals_answered_at, language), name: r.proposals_answered_by_name })
                : t('proposalsAnswer.at', { time: formatDateTime(r.proposals_answered_at, language) })}
            </Typography.Text>
          )}
          <Typography.Paragraph className="proposals-answer-text">{r.proposals_answer}</Typography.Paragraph>
        </div>
      )}
      {canAnswer && onAnswer && (answering ? (
        <AnswerProposalsForm report={r} onAnswer={onAnswer} onDone={() => setAnswering(false)} />
      ) : (
        <Button size="small" type={r.proposals_answer ? 'default' : 'primary'} className="proposals-answer-button" onClick={() => setAnswering(true)}>
          {r.proposals_answer ? t('proposalsAnswer.revise') : t('proposalsAnswer.answer')}
        </Button>
      ))}
    </>
  );
}

function AnswerProposalsForm({ report, onAnswer, onDone }: { report: ProgressReport; onAnswer: OnAnswer; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text?: string }>();
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (values: { text?: string }) => {
    setFormMessage(null);
    setSaving(true);
    try {
      await onAnswer(report.id, { text: values.text ?? '' });
      void message.success(t('proposalsAnswer.sent'));
      onDone();
    } catch (error) {
      const mapped =
        error instanceof ApiError
          ? problemToForm(error.problem, ['text'] as const, describeError(error, t), t, { text: t('proposalsAnswer.text') })
          : { fields: [], formMessage: describeError(error, t) };
      form.setFields(mapped.fields);
      setFormMessage(mapped.formMessage);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      name={`answer-proposals-${report.id}`}
      className="proposals-answer-form"
      initialValues={{ text: report.proposals_answer ?? '' }}
      onFinish={(v) => void submit(v)}
    >
      {formMessage && <Alert type="error" showIcon role="alert" className="form-alert" message={formMessage} />}
      {report.proposals_answer && <Alert type="info" showIcon className="form-alert" message={t('proposalsAnswer.reviseHint')} />}
      <TextItem name="text" label={t('proposalsAnswer.text')} />
      <Space>
        <Button type="primary" htmlType="submit" loading={saving}>
          {t('proposalsAnswer.send')}
        </Button>
        <Button onClick={onDone} disabled={saving}>
          {t('common.cancel')}
        </Button>
      </Space>
    </Form>
  );
}
