import { Alert, App, Button, Col, Form, Input, InputNumber, Radio, Row, Space, type UploadFile } from 'antd';
import { useMemo, useState } from 'react';
import type { CreateValueBody, Indicator, IndicatorValue, ValueStatus } from '../../../api/models';
import { EvidenceUpload } from '../../../components/EvidenceUpload';
import { fileListFromEvent, isUploading, uploadedIds } from '../../../lib/attachments';
import { describeError } from '../../../lib/describe-error';
import { formatNumber } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { currentPeriod, describePeriod, periodsForFrequency } from '../../../lib/periods';
import { ApiError, problemToForm } from '../../../lib/problem';
import { seriesKey, validateEvidenceUrl, validateValue } from './value-rules';
import { FormSelect } from '../../../components/FormSelect';

const FIELDS = ['agency_id', 'period', 'value', 'note', 'evidence_url', 'attachment_ids'] as const;

interface Values {
  agency_id: string;
  period: string;
  value?: number | null;
  note?: string;
  evidence_url?: string;
  /** Evidence files, uploaded at once; their ids go out as `attachment_ids`. */
  attachment_ids?: UploadFile[];
}

interface Props {
  indicator: Pick<Indicator, 'code' | 'name' | 'value_type' | 'unit' | 'frequency'>;
  /** The series the user writes: reporting agencies with a display name. */
  agencies: readonly { id: string; name: string }[];
  /** The status of the current revision per `${agency_id}|${period}`: writing again makes a new revision. */
  existing: ReadonlyMap<string, ValueStatus>;
  onSubmit: (body: CreateValueBody) => Promise<IndicatorValue>;
  /** `me.actions.attach_evidence`: offer evidence files. */
  canAttach?: boolean;
  /** For tests; the periods offered are those that have begun by this day. */
  today?: Date;
}

/** "Nhập số liệu": one figure of one series, saved as a draft ("Lưu nháp") or sent for approval ("Gửi duyệt"). */
export function ValueForm({ indicator, agencies, existing, onSubmit, canAttach = false, today }: Props) {
  const { t, language } = useI18n();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState<'draft' | 'submit' | null>(null);
  const day = useMemo(() => today ?? new Date(), [today]);
  const periods = useMemo(() => periodsForFrequency(indicator.frequency, day), [indicator.frequency, day]);
  const periodOptions = useMemo(() => periods.map((p) => ({ value: p, label: describePeriod(p, t) })), [periods, t]);
  const agencyId = Form.useWatch('agency_id', form);
  const period = Form.useWatch('period', form);
  const existingStatus = agencyId && period ? existing.get(seriesKey(agencyId, period)) : undefined;
  const initialPeriod = periods.includes(currentPeriod(indicator.frequency, day)) ? currentPeriod(indicator.frequency, day) : periods[0];

  const save = async (submit: boolean) => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return; // the fields show what is missing
    }
    setFormMessage(null);
    if (isUploading(values.attachment_ids)) {
      setFormMessage(t('attachments.stillUploading'));
      return;
    }
    const attachmentIds = canAttach ? uploadedIds(values.attachment_ids) : [];
    if (submit) {
      // A submitted figure goes to the approver and cannot be taken back: name what goes out first.
      const value = values.value ?? 0;
      const shown =
        indicator.value_type === 'boolean'
          ? value >= 1 ? t('entry.yes') : t('entry.no')
          : `${formatNumber(value, language)}${indicator.value_type === 'percent' || indicator.unit === '%' ? '%' : indicator.unit ? ` ${indicator.unit}` : ''}`;
      const confirmed = await modal.confirm({
        title: t('entry.confirmTitle'),
        content: t('entry.confirmBody', {
          indicator: `${indicator.code} – ${indicator.name}`,
          agency: agencies.find((a) => a.id === values.agency_id)?.name ?? values.agency_id,
          period: describePeriod(values.period, t),
          value: shown,
        }),
        okText: t('entry.submit'),
        cancelText: t('common.cancel'),
      });
      if (!confirmed) return;
    }
    setSaving(submit ? 'submit' : 'draft');
    try {
      const saved = await onSubmit({
        agency_id: values.agency_id,
        period: values.period,
        value: values.value ?? 0,
        note: values.note?.trim() ?? '',
        evidence_url: values.evidence_url?.trim() || null,
        submit,
        ...(attachmentIds.length > 0 ? { attachment_ids: attachmentIds } : {}),
      });
      form.resetFields(['value', 'note', 'evidence_url', 'attachment_ids']);
      const label = describePeriod(saved.period, t);
      void message.success(submit ? t('entry.sent', { period: label }) : t('entry.savedDraft', { period: label }));
    } catch (error) {
      const mapped = error instanceof ApiError ? problemToForm(error.problem, FIELDS, describeError(error, t), t, { agency_id: t('entry.agency'), period: t('entry.period'), value: t('entry.value'), note: t('entry.note'), evidence_url: t('entry.evidence'), attachment_ids: t('attachments.label') }) : { fields: [], formMessage: describeError(error, t) };
      form.setFields(mapped.fields);
      setFormMessage(mapped.formMessage);
    } finally {
      setSaving(null);
    }
  };

  if (periods.length === 0) return <Alert type="info" showIcon message={t('entry.noPeriods')} />;

  const valueRule = {
    validator: (_: unknown, v: number | null | undefined) => {
      const problem = validateValue(indicator.value_type, v);
      return problem ? Promise.reject(new Error(t(problem))) : Promise.resolve();
    },
  };
  const valueLabel = indicator.unit ? `${t('entry.value')} (${indicator.unit})` : t('entry.value');

  return (
    <Form<Values> form={form} layout="vertical" name="value-entry" initialValues={{ agency_id: agencies[0]?.id, period: initialPeriod }} requiredMark>
      {formMessage && <Alert type="error" showIcon role="alert" className="form-alert" message={formMessage} />}
      <Row gutter={16}>
        {agencies.length > 1 && (
          <Col xs={24} lg={12}>
            <Form.Item label={t('entry.agency')} name="agency_id" rules={[{ required: true, message: t('common.required', { field: t('entry.agency').toLowerCase() }) }]}>
              <FormSelect showSearch optionFilterProp="label" options={agencies.map((a) => ({ value: a.id, label: a.name }))} />
            </Form.Item>
          </Col>
        )}
        {agencies.length <= 1 && (
          <Form.Item name="agency_id" hidden>
            <Input />
          </Form.Item>
        )}
        <Col xs={24} sm={12} lg={6}>
          <Form.Item label={t('entry.period')} name="period" rules={[{ required: true, message: t('common.required', { field: t('entry.period').toLowerCase() }) }]}>
            <FormSelect options={periodOptions} showSearch optionFilterProp="label" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Form.Item label={valueLabel} name="value" required rules={[valueRule]}>
            {indicator.value_type === 'boolean' ? (
              <Radio.Group
                optionType="button"
                options={[
                  { value: 1, label: t('entry.yes') },
                  { value: 0, label: t('entry.no') },
                ]}
              />
            ) : (
              // No min/max: antd would clamp −3 or 150 on blur; valueRule refuses them next to the field instead.
              <InputNumber<number>
                style={{ width: '100%' }}
                decimalSeparator={t('entry.decimalSeparator')}
                suffix={indicator.value_type === 'percent' ? '%' : undefined}
              />
            )}
          </Form.Item>
        </Col>
        <Col xs={24} lg={12}>
          <Form.Item
            label={t('entry.evidence')}
            name="evidence_url"
            rules={[
              {
                validator: (_: unknown, v: string | undefined) => {
                  const problem = validateEvidenceUrl(v);
                  return problem ? Promise.reject(new Error(t(problem))) : Promise.resolve();
                },
              },
            ]}
          >
            <Input type="url" placeholder="https://" inputMode="url" />
          </Form.Item>
        </Col>
      </Row>
      {existingStatus && (
        <Alert type="info" showIcon className="form-alert" message={t('entry.revisionHint', { status: t(`valueStatus.${existingStatus}`).toLowerCase() })} />
      )}
      <Form.Item label={t('entry.note')} name="note">
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 5 }} maxLength={2000} />
      </Form.Item>
      {canAttach && (
        <Form.Item label={t('attachments.label')} name="attachment_ids" valuePropName="fileList" getValueFromEvent={fileListFromEvent}>
          <EvidenceUpload />
        </Form.Item>
      )}
      <Space wrap>
        <Button onClick={() => void save(false)} loading={saving === 'draft'} disabled={saving === 'submit'}>
          {t('entry.saveDraft')}
        </Button>
        <Button type="primary" onClick={() => void save(true)} loading={saving === 'submit'} disabled={saving === 'draft'}>
          {t('entry.submit')}
        </Button>
      </Space>
    </Form>
  );
}
