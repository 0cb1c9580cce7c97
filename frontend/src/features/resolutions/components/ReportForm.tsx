import { Alert, App, Button, Col, Form, Input, InputNumber, Row, Slider, type UploadFile } from 'antd';
import { useMemo, useState } from 'react';
import type { CreateReportBody, ProgressReport } from '../../../api/models';
import { EvidenceUpload } from '../../../components/EvidenceUpload';
import { fileListFromEvent, isUploading, uploadedIds } from '../../../lib/attachments';
import { describeError } from '../../../lib/describe-error';
import { formatNumber } from '../../../lib/format';
import { useI18n, type MessageKey } from '../../../lib/i18n/i18n';
import { ApiError, problemToForm } from '../../../lib/problem';
import { currentQuarter, describePeriod, periodOptions } from '../../../lib/periods';
import { FormSelect } from '../../../components/FormSelect';

const FIELDS = ['period', 'progress', 'narrative', 'obstacles', 'proposals', 'attachment_ids'] as const;

interface Values {
  period: string;
  progress: number | null;
  narrative?: string;
  obstacles?: string;
  proposals?: string;
  /** The evidence files picked (uploaded at once); their ids go out as `attachment_ids`. */
  attachment_ids?: UploadFile[];
}

/** Checks a typed progress: the message key, or null when it can be filed. Nothing is clamped. */
function validateProgress(value: number | null | undefined): MessageKey | null {
  if (value === null || value === undefined) return 'reports.progressRequired';
  if (!Number.isFinite(value)) return 'entry.notFinite';
  if (value < 0 || value > 100) return 'reports.progressRange';
  return null;
}

interface Props {
  /** The task reported on, named in the confirmation: code and title. */
  task: { code: string; title: string };
  /** The current progress, as the starting value of the slider. */
  progress: number;
  /** Periods that already have a report: submitting again makes a new revision. */
  reportedPeriods: readonly string[];
  /** `me.actions.attach_evidence`: offer evidence files. */
  canAttach?: boolean;
  onSubmit: (body: CreateReportBody) => Promise<ProgressReport>;
}

export function ReportForm({ task, progress, reportedPeriods, canAttach = false, onSubmit }: Props) {
  const { t, language } = useI18n();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const period = Form.useWatch('period', form);
  const options = useMemo(
    () =>
      periodOptions(new Date()).map((group) => ({
        label: t(`period.group.${group.kind}`),
        title: t(`period.group.${group.kind}`),
        options: group.periods.map((p) => ({ value: p, label: describePeriod(p, t) })),
      })),
    [t],
  );

  const submit = async (values: Values) => {
    setFormMessage(null);
    if (isUploading(values.attachment_ids)) {
      setFormMessage(t('attachments.stillUploading'));
      return;
    }
    const attachmentIds = canAttach ? uploadedIds(values.attachment_ids) : [];
    const progressValue = values.progress ?? 0;
    // A filed report cannot be withdrawn: say exactly what goes out before it does.
    const confirmed = await modal.confirm({
      title: t('reports.confirmTitle'),
      content: t('reports.confirmBody', {
        task: `${task.code} – ${task.title}`,
        period: describePeriod(values.period, t),
        progress: `${formatNumber(progressValue, language)}%`,
      }),
      okText: t('reports.submit'),
      cancelText: t('common.cancel'),
    });
    if (!confirmed) return;
    setSaving(true);
    try {
      const report = await onSubmit({
        period: values.period,
        progress: progressValue,
        narrative: values.narrative?.trim() ?? '',
        obstacles: values.obstacles?.trim() ?? '',
        proposals: values.proposals?.trim() ?? '',
        ...(attachmentIds.length > 0 ? { attachment_ids: attachmentIds } : {}),
      });
      form.resetFields(['narrative', 'obstacles', 'proposals', 'attachment_ids']);
      void message.success(t('reports.submitted', { period: describePeriod(report.period, t) }));
    } catch (error) {
      const mapped = error instanceof ApiError ? problemToForm(error.problem, FIELDS, describeError(error, t), t, { period: t('reports.period'), progress: t('reports.progress'), narrative: t('reports.narrative'), obstacles: t('reports.obstacles'), proposals: t('reports.proposals'), attachment_ids: t('attachments.label') }) : { fields: [], formMessage: describeError(error, t) };
      form.setFields(mapped.fields);
      setFormMessage(mapped.formMessage);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      name="report"
      initialValues={{ period: currentQuarter(new Date()), progress: Math.round(progress) }}
      onFinish={(v) => void submit(v)}
    >
      {formMessage && <Alert type="error" showIcon role="alert" className="form-alert" message={formMessage} />}
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item label={t('reports.period')} name="period" rules={[{ required: true, message: t('common.required', { field: t('reports.period').toLowerCase() }) }]}>
            <FormSelect options={options} showSearch optionFilterProp="label" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item label={t('reports.progress')} required className="report-progress">
            <Row gutter={8} align="middle" wrap={false}>
              <Col flex="auto">
                {/* The slider moves within 0–100; a typed value outside it stays as typed and is refused below. */}
                <Form.Item name="progress" noStyle>
                  <Slider min={0} max={100} aria-label={t('reports.progress')} ariaLabelForHandle={t('reports.progress')} />
                </Form.Item>
              </Col>
              <Col flex="84px">
                <Form.Item
                  name="progress"
                  noStyle
                  rules={[
                    {
                      validator: (_: unknown, v: number | null | undefined) => {
                        const problem = validateProgress(v);
                        return problem ? Promise.reject(new Error(t(problem))) : Promise.resolve();
                      },
                    },
                  ]}
                >
                  {/* No min/max: antd would clamp 150 to 100 on blur; the rule above refuses it instead. */}
                  <InputNumber<number> style={{ width: 84 }} aria-label={t('reports.progress')} decimalSeparator={t('entry.decimalSeparator')} />
                </Form.Item>
              </Col>
            </Row>
          </Form.Item>
        </Col>
      </Row>
      {period && reportedPeriods.includes(period) && <Alert type="info" showIcon className="form-alert" message={t('reports.revisionHint')} />}
      <Form.Item label={t('reports.narrative')} name="narrative">
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      <Form.Item label={t('reports.obstacles')} name="obstacles">
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      <Form.Item label={t('reports.proposals')} name="proposals">
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      {canAttach && (
        <Form.Item label={t('attachments.label')} name="attachment_ids" valuePropName="fileList" getValueFromEvent={fileListFromEvent}>
          <EvidenceUpload />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" loading={saving}>
        {t('reports.submit')}
      </Button>
    </Form>
  );
}
