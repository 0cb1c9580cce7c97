import { UnlockOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { IndicatorValue } from '../../../api/models';
import { describeError } from '../../../lib/describe-error';
import { formatDate } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { describePeriod } from '../../../lib/periods';
import { ApiError, problemToForm } from '../../../lib/problem';
import { useGrantUnlock } from '../api/reporting';

interface Props {
  value: Pick<IndicatorValue, 'indicator_id' | 'agency_id' | 'period'>;
  /** "COMMUNE_ONLINE — Phường Ba Đình, Quý 3/2026". */
  summary: string;
}

interface UnlockForm {
  reason: string;
  open_until: Dayjs;
}

/** "Mở khóa kỳ" for a figure whose `actions.unlock` is true: the reason and the last open day. */
export function UnlockButton({ value, summary }: Props) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" icon={<UnlockOutlined />} className="unlock-button" onClick={() => setOpen(true)}>
        {t('unlock.button')}
      </Button>
      {open && <UnlockModal value={value} summary={summary} onClose={() => setOpen(false)} />}
    </>
  );
}

function UnlockModal({ value, summary, onClose }: Props & { onClose: () => void }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const grant = useGrantUnlock(value.indicator_id);
  const [form] = Form.useForm<UnlockForm>();
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const labels = { reason: t('unlock.reason'), open_until: t('unlock.openUntil') };

  const submit = async () => {
    let values: UnlockForm;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setFormMessage(null);
    const openUntil = values.open_until.format('YYYY-MM-DD');
    try {
      await grant.mutateAsync({ agency_id: value.agency_id, period: value.period, reason: values.reason.trim(), open_until: openUntil });
      void message.success(t('unlock.granted', { period: describePeriod(value.period, t), date: formatDate(openUntil, language) }));
      onClose();
    } catch (error) {
      const mapped = error instanceof ApiError ? problemToForm(error.problem, ['reason', 'open_until'] as const, describeError(error, t), t, labels) : { fields: [], formMessage: describeError(error, t) };
      form.setFields(mapped.fields);
      setFormMessage(mapped.formMessage);
    }
  };

  return (
    <Modal
      open
      title={t('unlock.title')}
      okText={t('unlock.confirm')}
      okButtonProps={{ loading: grant.isPending }}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph strong>{summary}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('unlock.help')}</Typography.Paragraph>
      {formMessage && <Alert type="error" showIcon role="alert" className="form-alert" message={formMessage} />}
      <Form form={form} layout="vertical" name="unlock-period">
        <Form.Item label={labels.reason} name="reason" rules={[{ required: true, whitespace: true, message: t('unlock.reasonRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} autoFocus />
        </Form.Item>
        <Form.Item label={labels.open_until} name="open_until" extra={t('unlock.openUntilHelp')} rules={[{ required: true, message: t('unlock.openUntilRequired') }]}>
          <DatePicker format={language === 'vi' ? 'DD/MM/YYYY' : 'D MMM YYYY'} disabledDate={(d) => d.isBefore(dayjs(), 'day')} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
