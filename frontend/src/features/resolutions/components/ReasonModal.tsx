import { Alert, Form, Modal, Typography } from 'antd';
import { useState } from 'react';
import { describeError } from '../../../lib/describe-error';
import { useI18n } from '../../../lib/i18n/i18n';
import { ApiError, problemToForm } from '../../../lib/problem';
import { TextItem } from '../../../components/DirectiveText';

interface Values {
  reason?: string;
}

interface Props {
  open: boolean;
  title: string;
  /** What the reason is shown to, and what happens. */
  description?: string;
  label: string;
  okText: string;
  /** A stable form name (the form's id in the page). */
  name: string;
  onSubmit: (reason: string) => Promise<unknown>;
  onClose: () => void;
}

/** Asks for a required reason (returning a proposal, refusing a request); the text is sent as typed. */
export function ReasonModal({ open, title, description, label, okText, name, onSubmit, onClose }: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (values: Values) => {
    setFormMessage(null);
    setSaving(true);
    try {
      await onSubmit(values.reason ?? '');
      form.resetFields();
      onClose();
    } catch (error) {
      const mapped =
        error instanceof ApiError
          ? problemToForm(error.problem, ['reason'] as const, describeError(error, t), t, { reason: label })
          : { fields: [], formMessage: describeError(error, t) };
      form.setFields(mapped.fields);
      setFormMessage(mapped.formMessage);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, loading: saving }}
      onOk={() => form.submit()}
      cancelButtonProps={{ disabled: saving }}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" name={name} onFinish={(v) => void submit(v)} preserve={false}>
        {formMessage && <Alert type="error" showIcon role="alert" className="form-alert" message={formMessage} />}
        {description && <Typography.Paragraph type="secondary">{description}</Typography.Paragraph>}
        <TextItem name="reason" label={label} />
      </Form>
    </Modal>
  );
}
