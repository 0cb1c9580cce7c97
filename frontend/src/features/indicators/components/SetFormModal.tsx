import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Form, Input, Modal } from 'antd';
import { FormSelect, FormTreeSelect } from '../../../components/FormSelect';
import type { IndicatorSet } from '../../../api/models';
import type { AgencyOption } from '../../../lib/agency-tree';
import { CODE_PATTERN } from '../../../lib/decimal';
import { useI18n, type MessageKey } from '../../../lib/i18n/i18n';
import { useFormSubmit } from '../../../lib/use-form-submit';
import { checkWeight, repeatedIndicators, SET_FORM_FIELDS, type SetFormValues } from './set-form';

interface Props {
  /** The draft being edited; absent: a new set. */
  original?: IndicatorSet;
  initial: Partial<SetFormValues>;
  ownerOptions: AgencyOption[];
  indicatorOptions: { value: string; label: string }[];
  onSubmit: (values: SetFormValues) => Promise<unknown>;
  onClose: () => void;
}

/** Create a set (version 1, a draft) or change a draft version's name and indicators. */
export function SetFormModal({ original, initial, ownerOptions, indicatorOptions, onSubmit, onClose }: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<SetFormValues>();
  const labels = { code: t('plan.set.code'), name: t('plan.set.name'), owner_agency_id: t('indicators.owner'), items: t('plan.set.items') };
  const cellLabel = (field: string, index: number) => t(field === 'weight' ? 'plan.set.weightN' : 'plan.set.indicatorN', { n: index + 1 });
  const { run, saving, stale, formMessage } = useFormSubmit(form, SET_FORM_FIELDS, labels, { list: 'items', labelOf: cellLabel });
  const required = (label: string) => ({ required: true, whitespace: true, message: t('common.required', { field: label.toLowerCase() }) });
  const rule = (check: (v: string | undefined) => MessageKey | null) => ({
    validator: (_: unknown, v: string | undefined) => (check(v) ? Promise.reject(new Error(t(check(v) as MessageKey))) : Promise.resolve()),
  });
  const submit = async (values: SetFormValues) => {
    const repeated = repeatedIndicators(values.items ?? []);
    if (repeated.length > 0) {
      form.setFields(repeated.map((i) => ({ name: ['items', i, 'indicator_id'], errors: [t('plan.set.repeated')] })));
      return;
    }
    if (await run(() => onSubmit(values))) onClose();
  };

  return (
    <Modal open title={original ? t('plan.set.editTitle', { code: original.code, version: original.set_version }) : t('plan.set.createTitle')} onCancel={onClose} footer={null} width={720} destroyOnHidden>
      {stale && <Alert type="warning" showIcon role="alert" className="form-alert" message={t('plan.stale')} description={t('plan.staleHint')} />}
      {formMessage && <Alert type="error" showIcon role="alert" className="form-alert" message={formMessage} />}
      <Form<SetFormValues> form={form} layout="vertical" name="indicator-set" scrollToFirstError initialValues={initial} onFinish={(v) => void submit(v)}>
        <Flex gap={16} wrap>
          <Form.Item label={labels.code} name="code" style={{ flex: '1 1 200px' }} extra={original ? t('plan.fixedAfterCreate') : t('plan.codeHint')} rules={[required(labels.code), { max: 64, message: t('plan.tooLong', { max: 64 }) }, { pattern: CODE_PATTERN, message: t('plan.codeFormat') }]}>
            <Input autoComplete="off" disabled={Boolean(original)} />
          </Form.Item>
          <Form.Item label={labels.owner_agency_id} name="owner_agency_id" style={{ flex: '2 1 280px' }} rules={[{ required: true, message: t('common.required', { field: labels.owner_agency_id.toLowerCase() }) }]}>
            <FormTreeSelect treeData={ownerOptions} showSearch treeNodeFilterProp="title" treeDefaultExpandAll popupMatchSelectWidth={false} disabled={Boolean(original)} />
          </Form.Item>
        </Flex>
        <Form.Item label={labels.name} name="name" rules={[required(labels.name), { max: 500, message: t('plan.tooLong', { max: 500 }) }]}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} />
        </Form.Item>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <fieldset className="set-items">
              <legend>{labels.items}</legend>
              {fields.map((field, index) => (
                <Flex key={field.key} gap={12} wrap align="flex-start">
                  <Form.Item
                    label={t('plan.set.indicatorN', { n: index + 1 })}
                    name={[field.name, 'indicator_id']}
                    style={{ flex: '3 1 300px' }}
                    rules={[{ required: true, message: t('plan.set.pickIndicator') }]}
                  >
                    <FormSelect showSearch optionFilterProp="label" options={indicatorOptions} popupMatchSelectWidth={false} />
                  </Form.Item>
                  <Form.Item label={t('plan.set.weightN', { n: index + 1 })} name={[field.name, 'weight']} style={{ flex: '1 1 120px' }} rules={[rule(checkWeight)]}>
                    <Input inputMode="decimal" autoComplete="off" />
                  </Form.Item>
                  <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('plan.set.removeN', { n: index + 1 })} onClick={() => remove(field.name)} style={{ marginTop: 30 }} />
                </Flex>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ weight: '1' })}>
                {t('plan.set.addIndicator')}
              </Button>
            </fieldset>
          )}
        </Form.List>
        <Flex justify="flex-end" gap={8} style={{ marginTop: 16 }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={saving} disabled={stale}>
            {original ? t('common.save') : t('common.create')}
          </Button>
        </Flex>
      </Form>
    </Modal>
  );
}
