import { Alert, Form, Modal } from 'antd';
import { useMemo, useState } from 'react';
import type { CreateScheduleBody, ReportFormat, ReportSchedule, SchedulePeriodKind } from '../../../api/models';
import { FormSelect, FormTreeSelect } from '../../../components/FormSelect';
import type { AgencyOption } from '../../../lib/agency-tree';
import { describeError } from '../../../lib/describe-error';
import { useI18n } from '../../../lib/i18n/i18n';
import { ApiError, problemToForm } from '../../../lib/problem';
import { useRecipientCandidates } from '../api/reports';
import { MAX_RECIPIENTS, recipientErrors, SCHEDULE_FORMATS, SCHEDULE_KINDS } from './schedule-data';

interface Values {
  agency_id: string;
  resolution_id?: string;
  period_kind: SchedulePeriodKind;
  format: ReportFormat;
  recipient_ids: string[];
}

const FIELDS = ['agency_id', 'resolution_id', 'period_kind', 'format'] as const;

interface Props {
  agencyOptions: AgencyOption[];
  resolutionOptions: { value: string; label: string }[];
  defaultAgencyId: string;
  onSubmit: (body: CreateScheduleBody) => Promise<ReportSchedule>;
  onClose: () => void;
}

/** "Lập lịch báo cáo": rendered only while open; the server's refusals go next to their fields. */
export function ScheduleFormModal({ agencyOptions, resolutionOptions, defaultAgencyId, onSubmit, onClose }: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const users = useRecipientCandidates(true);
  const userName = useMemo(() => new Map((users.data?.items ?? []).map((u) => [u.id, `${u.display_name} (${u.username})`])), [users.data]);
  const labels = { agency_id: t('schedules.agency'), resolution_id: t('schedules.resolution'), period_kind: t('schedules.periodKind'), format: t('schedules.format') };

  const place = (error: unknown, chosen: string[]) => {
    if (!(error instanceof ApiError)) {
      setFormMessage(describeError(error, t));
      return;
    }
    const { messages, rest } = recipientErrors(error.problem, chosen, (id) => userName.get(id) ?? id, t);
    const mapped = problemToForm(rest, FIELDS, describeError(error, t), t, labels);
    form.setFields([...mapped.fields, ...(messages.length > 0 ? [{ name: 'recipient_ids' as const, errors: messages }] : [])]);
    setFormMessage(messages.length > 0 && (rest?.errors ?? []).length === 0 ? null : mapped.formMessage);
  };

  const submit = async (values: Values) => {
    setSaving(true);
    setFormMessage(null);
    try {
      await onSubmit({ ...values, resolution_id: values.resolution_id ?? null });
      onClose();
    } catch (error) {
      place(error, values.recipient_ids);
    } finally {
      setSaving(false);
    }
  };

  const required = (label: string) => ({ required: true, message: t('common.required', { field: label.toLowerCase() }) });

  return (
    <Modal open title={t('schedules.create')} onCancel={onClose} okText={t('common.save')} cancelText={t('common.cancel')} onOk={() => form.submit()} confirmLoading={saving} destroyOnHidden width={600}>
      {formMessage && <Alert type="error" showIcon role="alert" className="form-alert" message={formMessage} />}
      <Form<Values> form={form} layout="vertical" name="schedule" initialValues={{ agency_id: defaultAgencyId, period_kind: 'quarter', format: 'docx', recipient_ids: [] }} onFinish={(v) => void submit(v)}>
        <Form.Item label={labels.agency_id} name="agency_id" rules={[required(labels.agency_id)]}>
          <FormTreeSelect treeData={agencyOptions} showSearch treeNodeFilterProp="title" treeDefaultExpandedKeys={[defaultAgencyId]} popupMatchSelectWidth={false} />
        </Form.Item>
        <Form.Item label={labels.resolution_id} name="resolution_id">
          <FormSelect allowClear showSearch optionFilterProp="label" placeholder={t('periodicReport.allResolutions')} options={resolutionOptions} popupMatchSelectWidth={false} />
        </Form.Item>
        <Form.Item label={labels.period_kind} name="period_kind" rules={[required(labels.period_kind)]}>
          <FormSelect options={SCHEDULE_KINDS.map((k) => ({ value: k, label: t(`schedules.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item label={labels.format} name="format" rules={[required(labels.format)]}>
          <FormSelect options={SCHEDULE_FORMATS.map((f) => ({ value: f, label: t(`reportFormat.${f}`) }))} />
        </Form.Item>
        <Form.Item
          label={t('schedules.recipients')}
          name="recipient_ids"
          extra={t('schedules.recipientsHelp')}
          rules={[
            { required: true, type: 'array', min: 1, message: t('schedules.recipientsRequired') },
            { type: 'array', max: MAX_RECIPIENTS, message: t('schedules.recipientsMax', { max: MAX_RECIPIENTS }) },
          ]}
        >
          <FormSelect
            mode="multiple"
            showSearch
            optionFilterProp="label"
            loading={users.isPending}
            options={(users.data?.items ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: `${u.display_name} (${u.username})` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
