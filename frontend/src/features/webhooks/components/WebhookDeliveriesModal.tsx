import { ReloadOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Empty, Flex, Modal, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import type { DeliveryStatus, Webhook, WebhookDelivery } from '../../../api/models';
import { ErrorState } from '../../../components/PageState';
import { ResponsiveTable } from '../../../components/ResponsiveTable';
import { describeError } from '../../../lib/describe-error';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { useRedeliver, useWebhookDeliveries } from '../api/webhooks';

const PAGE_SIZE = 20;
const STATUS_COLOR: Record<DeliveryStatus, string> = { pending: 'processing', delivered: 'success', failed: 'error' };

/** "Nhật ký gửi" of one webhook: each event sent or to be sent, its last attempt, and "Gửi lại" when `actions.redeliver`. */
export function WebhookDeliveriesModal({ webhook, onClose }: { webhook: Webhook; onClose: () => void }) {
  const { t, language } = useI18n();
  const { message } = AntApp.useApp();
  const [page, setPage] = useState(1);
  const deliveries = useWebhookDeliveries(webhook.id, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const redeliver = useRedeliver(webhook.id);

  const columns: TableColumnsType<WebhookDelivery> = [
    { title: t('webhooks.delivery.event'), dataIndex: 'event', render: (_, d) => t(`webhooks.event.${d.event}`) },
    { title: t('webhooks.delivery.createdAt'), dataIndex: 'created_at', width: 150, render: (v: string) => formatDateTime(v, language) },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 110,
      render: (_, d) => (
        <Tag color={STATUS_COLOR[d.status]} className="delivery-status" data-status={d.status}>
          {t(`webhooks.status.${d.status}`)}
        </Tag>
      ),
    },
    { title: t('webhooks.delivery.attempts'), dataIndex: 'attempts', width: 90, align: 'right', render: (v: number) => formatNumber(v, language) },
    { title: t('webhooks.delivery.lastStatus'), dataIndex: 'last_status', width: 100, render: (v: number | null | undefined) => (v === null || v === undefined ? t('common.none') : String(v)) },
    {
      title: t('webhooks.delivery.lastError'),
      dataIndex: 'last_error',
      render: (v: string | null | undefined) => (v ? <Typography.Text type="secondary" style={{ wordBreak: 'break-word' }}>{v}</Typography.Text> : t('common.none')),
    },
    { title: t('webhooks.delivery.nextAttempt'), dataIndex: 'next_attempt_at', width: 150, render: (v: string | null | undefined) => (v ? formatDateTime(v, language) : t('common.none')) },
    ...(webhook.actions.redeliver
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 100,
            render: (_: unknown, d: WebhookDelivery) => (
              <Button
                size="small"
                loading={redeliver.isPending && redeliver.variables === d.id}
                onClick={() =>
                  redeliver.mutate(d.id, {
                    onSuccess: () => void message.success(t('webhooks.redelivered')),
                    onError: (error) => void message.error(describeError(error, t)),
                  })
                }
              >
                {t('webhooks.redeliver')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Modal open title={t('webhooks.deliveriesTitle', { url: webhook.url })} onCancel={onClose} footer={null} width="min(1100px, 100vw)" destroyOnHidden>
      <Flex justify="flex-end" style={{ marginBottom: 8 }}>
        <Button size="small" icon={<ReloadOutlined />} onClick={() => void deliveries.refetch()} loading={deliveries.isFetching}>
          {t('common.reload')}
        </Button>
      </Flex>
      {deliveries.isError ? (
        <ErrorState error={deliveries.error} onRetry={() => void deliveries.refetch()} />
      ) : (
        <ResponsiveTable<WebhookDelivery>
          className="webhook-deliveries"
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={deliveries.data?.items ?? []}
          loading={deliveries.isPending}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: deliveries.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
          locale={{ emptyText: deliveries.isPending ? t('common.loading') : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('webhooks.deliveriesEmpty')} /> }}
        />
      )}
    </Modal>
  );
}
