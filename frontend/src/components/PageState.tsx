import { Button, Empty, Result, Spin, Typography } from 'antd';
import type { ReactNode } from 'react';
import { explainError } from '../lib/describe-error';
import { useI18n } from '../lib/i18n/i18n';
import { ApiError } from '../lib/problem';

export function LoadingState({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="page-state" role="status" aria-live="polite">
      <Spin size="large" />
      <Typography.Text type="secondary">{label ?? t('common.loading')}</Typography.Text>
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const { message } = explainError(error, t);
  const requestId = error instanceof ApiError ? error.problem?.request_id : undefined;
  return (
    <Result
      status="warning"
      title={t('error.title')}
      subTitle={
        <>
          <div role="alert">{message}</div>
          {requestId && <Typography.Text type="secondary" copyable={{ text: requestId }}>{t('common.requestId', { id: requestId })}</Typography.Text>}
        </>
      }
      extra={onRetry && <Button type="primary" onClick={onRetry}>{t('common.retry')}</Button>}
    />
  );
}

export function EmptyState({ description, action }: { description: string; action?: ReactNode }) {
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description}>
      {action}
    </Empty>
  );
}
