import { Alert, App, Button, Flex, Form, Popconfirm, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import type { AnswerDirectiveBody, Directive } from '../api/models';
import { describeError } from '../lib/describe-error';
import { formatDate, formatDateTime } from '../lib/format';
import { useI18n } from '../lib/i18n/i18n';
import { ApiError, problemToForm } from '../lib/problem';
import { DIRECTIVE_STATUS_COLOR, isDirectiveOverdue, localToday } from '../lib/directive-rules';
import { DirectiveTextItem } from './DirectiveText';
import { EmptyState } from './PageState';

interface Props {
  /** Newest first, as the server sends them. */
  directives: readonly Directive[];
  nameOf: (id: string) => string | undefined;
  onAnswer: (id: string, body: AnswerDirectiveBody) => Promise<Directive>;
  onClose: (id: string) => Promise<Directive>;
  /** What an empty thread says (by default: no directive on this task). */
  emptyText?: string;
  /** Name each directive's KPI series (its reporting agency), for a thread of several series. */
  showSeries?: boolean;
}

/**
 * The directives (chỉ đạo) on a task or on KPI series, with their answers; the buttons are each
 * directive's `actions`.
 */
export function DirectiveThread({ directives, nameOf, onAnswer, onClose, emptyText, showSeries = false }: Props) {
  const { t } = useI18n();
  if (directives.length === 0) return <EmptyState description={emptyText ?? t('directives.empty')} />;
  const today = localToday();
  return (
    <Timeline
      className="directives-thread"
      items={directives.map((d) => {
        const overdue = isDirectiveOverdue(d, today);
        return {
          key: d.id,
          color: overdue ? 'red' : d.status === 'closed' ? 'gray' : d.status === 'answered' ? 'blue' : 'orange',
          children: <DirectiveItem directive={d} overdue={overdue} showSeries={showSeries} nameOf={nameOf} onAnswer={onAnswer} onClose={onClose} />,
        };
      })}
    />
  );
}

interface ItemProps extends Omit<Props, 'directives' | 'emptyText'> {
  directive: Directive;
  overdue: boolean;
}

function DirectiveItem({ directive: d, overdue, showSeries, nameOf, onAnswer, onClose }: ItemProps) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const [answering, setAnswering] = useState(false);
  const [closing, setClosing] = useState(false);
  // The server names the issuing agency and the people, also when they are outside the user's subtree.
  const issuer = d.issuing_agency_name || nameOf(d.issuing_agency_id);
  // A task's directive is answered by its lead agency; a series' by its source, which the server names.
  const onSeries = Boolean(d.indicator_id);
  const directed = { agency: d.directed_agency_name };
  const seriesAgency = d.agency_id ? (nameOf(d.agency_id) ?? (d.agency_id === d.directed_agency_id ? d.directed_agency_name : undefined)) : undefined;

  const close = async () => {
    setClosing(true);
    try {
      await onClose(d.id);
      void message.success(t('directives.closed'));
    } catch (error) {
      void message.error(describeError(error, t));
    } finally {
      setClosing(false);
    }
  };

  return (
    <div className="directive-item" data-id={d.id} data-status={d.status} data-overdue={overdue ? 'true' : 'false'}>
      <Flex gap={8} wrap align="center">
        <Tag color={DIRECTIVE_STATUS_COLOR[d.status]} bordered={false} className="directive-status" data-status={d.status}>
          {t(`directiveStatus.${d.status}`)}
        </Tag>
        {overdue && (
          <Tag color="red" className="directive-overdue">
            {t('directives.overdue')}
          </Tag>
        )}
        <Typography.Text strong={Boolean(issuer)} type={issuer ? undefined : 'secondary'} className="directive-issuer">
          {issuer ?? t('directives.higherAgency')}
        </Typography.Text>
        {d.issued_by_name && (
          <Typography.Text type="secondary" className="directive-issued-by">
            {d.issued_by_name}
          </Typography.Text>
        )}
      </Flex>
      {showSeries && onSeries && (
        <Typography.Text className="directive-series" data-agency={d.agency_id ?? ''}>
          {t('directives.seriesOf', { agency: seriesAgency ?? t('indicators.otherAgency') })}
        </Typography.Text>
      )}
      <Typography.Text type="secondary" className="directive-meta">
        <span className="directive-issued">
          {t('directives.issuedAt')}: {formatDateTime(d.created_at, language)}
        </span>
        {' · '}
        <span className="directive-due" data-due={d.due_date ?? ''}>
          {t('directives.dueDate')}: {d.due_date ? formatDate(d.due_date, language) : t('directives.noDueDate')}
        </span>
      </Typography.Text>
      <Typography.Paragraph className="directive-text">{d.text}</Typography.Paragraph>

      {d.answer ? (
        <div className="directive-answer">
          <Typography.Text strong>{onSeries ? t('directives.seriesAnswerLabel', directed) : t('directives.answerLabel')}</Typography.Text>
          {d.answered_at && (
            <Typography.Text type="secondary" className="directive-answer-meta">
              {' · '}
              {t('directives.answeredAt', { time: formatDateTime(d.answered_at, language) })}
              {d.answered_by_name && (
                <>
                  {' · '}
                  <span className="directive-answered-by">{d.answered_by_name}</span>
                </>
              )}
            </Typography.Text>
          )}
          <Typography.Paragraph className="directive-answer-text">{d.answer}</Typography.Paragraph>
        </div>
      ) : (
        d.status !== 'closed' && (
          <Typography.Paragraph type="secondary" className="directive-no-answer">
            {onSeries ? t('directives.seriesNoAnswer', directed) : t('directives.noAnswer')}
          </Typography.Paragraph>
        )
      )}
      {d.status === 'closed' && d.closed_at && (
        <Typography.Paragraph type="secondary" className="directive-closed">
          {d.closed_by_name
            ? t('directives.closedAtBy', { time: formatDateTime(d.closed_at, language), name: d.closed_by_name })
            : t('directives.closedAt', { time: formatDateTime(d.closed_at, language) })}
        </Typography.Paragraph>
      )}

      {answering && d.actions.answer ? (
        <AnswerForm directive={d} onAnswer={onAnswer} onDone={() => setAnswering(false)} />
      ) : (
        (d.actions.answer || d.actions.close) && (
          <Space wrap className="directive-actions">
            {d.actions.answer && (
              <Button type={d.answer ? 'default' : 'primary'} onClick={() => setAnswering(true)}>
                {d.answer ? t('directives.revise') : t('directives.answer')}
              </Button>
            )}
            {d.actions.close && (
              <Popconfirm
                title={t('directives.closeConfirm')}
                description={
                  onSeries
                    ? t(d.status === 'open' ? 'directives.seriesCloseUnanswered' : 'directives.seriesCloseWarning', directed)
                    : t(d.status === 'open' ? 'directives.closeUnanswered' : 'directives.closeWarning')
                }
                okText={t('directives.close')}
                cancelText={t('common.cancel')}
                onConfirm={() => void close()}
              >
                <Button loading={closing}>{t('directives.close')}</Button>
              </Popconfirm>
            )}
          </Space>
        )
      )}
    </div>
  );
}

interface AnswerValues {
  text?: string;
}

function AnswerForm({ directive, onAnswer, onDone }: { directive: Directive; onAnswer: ItemProps['onAnswer']; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<AnswerValues>();
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (values: AnswerValues) => {
    setFormMessage(null);
    setSaving(true);
    try {
      await onAnswer(directive.id, { text: values.text ?? '' });
      void message.success(t('directives.answered'));
      onDone();
    } catch (error) {
      const mapped =
        error instanceof ApiError
          ? problemToForm(error.problem, ['text'] as const, describeError(error, t), t, { text: t('directives.answerText') })
          : { fields: [], formMessage: describeError(error, t) };
      form.setFields(mapped.fields);
      setFormMessage(mapped.formMessage);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<AnswerValues>
      form={form}
      layout="vertical"
      name={`answer-${directive.id}`}
      className="directive-answer-form"
      initialValues={{ text: directive.answer ?? '' }}
      onFinish={(v) => void submit(v)}
    >
      {formMessage && <Alert type="error" showIcon role="alert" className="form-alert" message={formMessage} />}
      {directive.answer && <Alert type="info" showIcon className="form-alert" message={t('directives.reviseHint')} />}
      <DirectiveTextItem name="text" label={t('directives.answerText')} />
      <Space>
        <Button type="primary" htmlType="submit" loading={saving}>
          {t('directives.sendAnswer')}
        </Button>
        <Button onClick={onDone} disabled={saving}>
          {t('common.cancel')}
        </Button>
      </Space>
    </Form>
  );
}
