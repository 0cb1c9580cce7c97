import { Alert, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { describeError } from '../../../lib/describe-error';
import { useI18n } from '../../../lib/i18n/i18n';
import { ApiError, problemToForm } from '../../../lib/problem';

interface Props {
  /** What is being returned, e.g. "COMMUNE_ONLINE — Phường Ba Đình, Quý 4/2026: 86%". */
  summary: string;
  onReturn: (reason: string) => Promise<unknown>;
  onClose: () => void;
}

/** "Trả lại": asks for the reason (required, sent to the source agency), then returns the value. */
export function ReturnReasonModal({ summary, onReturn, onClose }: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);
  const [formMessage, setFormMessage] = useState<string | null>(null);

  const submit = async () => {
    let reason: string;
    try {
      reason = (await form.validateFields()).reason.trim();
    } catch {
      return;
    }
    setSaving(true);
    setFormMessage(null);
    try {
      await onReturn(reason);
      onClose();
    } catch (error) {
      const mapped = error instanceof ApiError ? problemToForm(error.problem, ['reason'] as const, describeError(error, t), t, { reason: t('return.reason') }) : { fields: [], formMessage: describeError(error, t) };
      form.setFields(mapped.fields);
      setFormMessage(mapped.formMessage);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('return.title')}
      okText={t('return.confirm')}
      okButtonProps={{ danger: true, loading: saving }}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>{summary}</Typography.Paragraph>
      {formMessage && <Alert type="error" showIcon role="alert" className="form-alert" message={formMessage} />}
      <Form form={form} layout="vertical" name="return-value">
        <Form.Item
          label={t('return.reason')}
          name="reason"
          extra={t('return.reasonHelp')}
          rules={[{ required: true, whitespace: true, message: t('return.reasonRequired') }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={1000} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
