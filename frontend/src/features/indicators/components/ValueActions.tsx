import { App, Button, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import type { IndicatorValue } from '../../../api/models';
import { describeError } from '../../../lib/describe-error';
import { useI18n } from '../../../lib/i18n/i18n';
import { describePeriod } from '../../../lib/periods';
import { useValueAction } from '../api/indicators';
import { ReturnReasonModal } from './ReturnReasonModal';

interface Props {
  value: IndicatorValue;
  /** The value as shown, e.g. "86%". */
  shown: string;
  /** For the return dialog: indicator and agency of the value. */
  summary: string;
  canSubmit: boolean;
  canApprove: boolean;
  /** Submitted by the signed-in user: say so instead of offering approve/return. */
  own: boolean;
}

/** The workflow buttons of one value: "Gửi duyệt" for its source, "Duyệt" / "Trả lại" for approvers. */
export function ValueActions({ value, shown, summary, canSubmit, canApprove, own }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const action = useValueAction();
  const [returning, setReturning] = useState(false);
  const period = describePeriod(value.period, t);

  const run = async (kind: 'submit' | 'approve') => {
    try {
      await action.mutateAsync({ kind, id: value.id });
      void message.success(t(kind === 'submit' ? 'values.submitted' : 'values.approved', { period }));
    } catch (error) {
      void message.error(describeError(error, t));
    }
  };

  if (!canSubmit && !canApprove) {
    return own && value.status === 'submitted' ? <Typography.Text type="secondary">{t('values.ownSubmission')}</Typography.Text> : null;
  }
  return (
    <Space wrap size={4}>
      {canSubmit && (
        <Button size="small" type="primary" ghost loading={action.isPending} onClick={() => void run('submit')}>
          {t('values.submit')}
        </Button>
      )}
      {canApprove && (
        <>
          <Popconfirm
            title={t('values.approveConfirm', { value: shown, period })}
            okText={t('values.approve')}
            cancelText={t('common.cancel')}
            onConfirm={() => void run('approve')}
          >
            <Button size="small" type="primary" loading={action.isPending && action.variables.kind === 'approve'}>
              {t('values.approve')}
            </Button>
          </Popconfirm>
          <Button size="small" danger onClick={() => setReturning(true)}>
            {t('values.return')}
          </Button>
        </>
      )}
      {returning && (
        <ReturnReasonModal
          summary={summary}
          onClose={() => setReturning(false)}
          onReturn={async (reason) => {
            await action.mutateAsync({ kind: 'return', id: value.id, reason });
            void message.success(t('values.returned', { period }));
          }}
        />
      )}
    </Space>
  );
}
