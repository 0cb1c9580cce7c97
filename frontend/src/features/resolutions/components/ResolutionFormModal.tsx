import { Alert, Button, DatePicker, Flex, Form, Input, Modal } from 'antd';
import { FormSelect, FormTreeSelect } from '../../../components/FormSelect';
import type { Resolution } from '../../../api/models';
import type { AgencyOption } from '../../../lib/agency-tree';
import { CODE_PATTERN } from '../../../lib/decimal';
import { useI18n } from '../../../lib/i18n/i18n';
import { useFormSubmit } from '../../../lib/use-form-submit';
import { clearsIssuedOn, nextStatuses, RESOLUTION_FORM_FIELDS, type ResolutionFormValues } from './resolution-form';

interface Props {
  /** The resolution being edited; absent: a new one. */
  original?: Resolution;
  initial?: Partial<ResolutionFormValues>;
  ownerOptions: AgencyOption[];
  onSubmit: (values: ResolutionFormValues) => Promise<unknown>;
  onClose: () => void;
}

/** Create or edit a resolution. Rendered only while open, so each opening starts afresh. */
export function ResolutionFormModal({ original, initial, ownerOptions, onSubmit, onClose }: Props) {
  const { t, language } = useI18n();
  const [form] = Form.useForm<ResolutionFormValues>();
  const labels = {
    code: t('resolutions.code'),
    title: t('resolutions.name'),
    summary: t('plan.summary'),
    owner_agency_id: t('plan.ownerAgency'),
    issued_on: t('resolutions.issuedOn'),
    status: t('common.status'),
  };
  const { run, saving, stale, formMessage } = useFormSubmit(form, RESOLUTION_FORM_FIELDS, labels);
  const required = (label: string) => ({ required: true, whitespace: true, message: t('common.required', { field: label.toLowerCase() }) });
  const submit = async (values: ResolutionFormValues) => {
    if (original && clearsIssuedOn(values, original)) {
      form.setFields([{ name: 'issued_on', errors: [t('plan.cannotClear')] }]);
      return;
    }
    if (await run(() => onSubmit(values))) onClose();
  };

  return (
    <Modal
      open
      title={original ? t('plan.resolution.editTitle', { code: original.code }) : t('plan.resolution.createTitle')}
      onCancel={onClose}
      footer={null}
      width={640}
      destroyOnHidden
    >
      {stale && <Alert type="warning" showIcon role="alert" className="form-alert" message={t('plan.stale')} description={t('plan.staleHint')} />}
      {formMessage && <Alert type="error" showIcon role="alert" className="form-alert" message={formMessage} />}
      <Form<ResolutionFormValues> form={form} layout="vertical" name="resolution" scrollToFirstError initialValues={initial} onFinish={(v) => void submit(v)}>
        <Form.Item
          label={labels.code}
          name="code"
          extra={t('plan.codeHint')}
          rules={[required(labels.code), { max: 64, message: t('plan.tooLong', { max: 64 }) }, { pattern: CODE_PATTERN, message: t('plan.codeFormat') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item label={labels.title} name="title" rules={[required(labels.title), { max: 500, message: t('plan.tooLong', { max: 500 }) }]}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
        </Form.Item>
        <Form.Item label={labels.summary} name="summary" rules={[{ max: 20000, message: t('plan.tooLong', { max: 20000 }) }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
        </Form.Item>
        <Form.Item
          label={labels.owner_agency_id}
          name="owner_agency_id"
          extra={original ? t('plan.ownerFixed') : undefined}
          rules={[{ required: true, message: t('common.required', { field: labels.owner_agency_id.toLowerCase() }) }]}
        >
          <FormTreeSelect treeData={ownerOptions} showSearch treeNodeFilterProp="title" treeDefaultExpandAll popupMatchSelectWidth={false} disabled={Boolean(original)} />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item label={labels.issued_on} name="issued_on" style={{ flex: '1 1 200px' }}>
            <DatePicker format={language === 'vi' ? 'DD/MM/YYYY' : 'D MMM YYYY'} style={{ width: '100%' }} />
          </Form.Item>
          {original && (
            <Form.Item label={labels.status} name="status" style={{ flex: '1 1 200px' }}>
              <FormSelect options={nextStatuses(original.status).map((s) => ({ value: s, label: t(`resolutionStatus.${s}`) }))} />
            </Form.Item>
          )}
        </Flex>
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={saving} disabled={stale}>
            {original ? t('common.save') : t('common.create')}
          </Button>
        </Flex>
      </Form>
    </Modal>
  );
}
