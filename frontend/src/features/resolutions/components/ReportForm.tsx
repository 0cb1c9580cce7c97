import { Alert, App, Button, Col, Form, Input, InputNumber, Row, Select, Slider, type UploadFile } from 'antd';
import { useMemo, useState } from 'react';
import type { CreateReportBody, ProgressReport } from '../../../api/models';
import { EvidenceUpload } from '../../../components/EvidenceUpload';
import { fileListFromEvent, isUploading, uploadedIds } from '../../../lib/attachments';
import { describeError } from '../../../lib/describe-error';
import { useI18n } from '../../../lib/i18n/i18n';
import { ApiError, problemToForm } from '../../../lib/problem';
import { currentQuarter, describePeriod, periodOptions } from '../../../lib/periods';

const FIELDS = ['period', 'progress', 'narrative', 'obstacles', 'proposals', 'attachment_ids'] as const;

interface Values {
  period: string;
  progress: number;
  narrative?: string;
  obstacles?: string;
  proposals?: string;
  /** The evidence files picked (uploaded at once); their ids go out as `attachment_ids`. */
  attachment_ids?: UploadFile[];
}

interface Props {
  /** The current progress, as the starting value of the slider. */
  progress: number;
  /** Periods that already have a report: submitting again makes a new revision. */
  reportedPeriods: readonly string[];
  /** `me.actions.attach_evidence`: offer evidence files. */
  canAttach?: boolean;
  onSubmit: (body: CreateReportBody) => Promise<ProgressReport>;
}

export function ReportForm({ progress, reportedPeriods, canAttach = false, onSubmit }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
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
    setSaving(true);
    try {
      const report = await onSubmit({
        period: values.period,
        progress: values.progress,
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
            <Select options={options} showSearch optionFilterProp="label" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item label={t('reports.progress')} required>
            <Row gutter={8} align="middle" wrap={false}>
              <Col flex="auto">
                <Form.Item name="progress" noStyle>
                  <Slider min={0} max={100} aria-label={t('reports.progress')} />
                </Form.Item>
              </Col>
              <Col flex="84px">
                <Form.Item name="progress" noStyle rules={[{ required: true, type: 'number', min: 0, max: 100 }]}>
                  <InputNumber min={0} max={100} style={{ width: 84 }} aria-label={t('reports.progress')} />
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
