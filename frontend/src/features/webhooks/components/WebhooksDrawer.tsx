import { DeleteOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Drawer, Empty, Flex, Popconfirm, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import type { NewWebhook, Webhook, WebhookEvent } from '../../../api/models';
import { ErrorState } from '../../../components/PageState';
import { ResponsiveTable } from '../../../components/ResponsiveTable';
import { describeError } from '../../../lib/describe-error';
import { formatDate } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { useDeleteWebhook, useWebhooks } from '../api/webhooks';
import { WebhookDeliveriesModal } from './WebhookDeliveriesModal';
import { WebhookForm } from './WebhookForm';
import { WebhookSecret } from './WebhookSecret';

export interface WebhooksDrawerProps {
  /** The API key whose webhooks are shown (and for which new ones are registered). */
  apiKey: { id: string; name: string };
  onClose: () => void;
}

/**
 * The webhooks of one API key: the list (URL, events, date, whether its key still lets it receive),
 * "Thêm webhook", the new secret once, deletion and the delivery log as each webhook's `actions` allow.
 */
export function WebhooksDrawer({ apiKey, onClose }: WebhooksDrawerProps) {
  const { t, language } = useI18n();
  const { message } = AntApp.useApp();
  const webhooks = useWebhooks(apiKey.id);
  const remove = useDeleteWebhook();
  const [created, setCreated] = useState<NewWebhook | null>(null);
  const [logOf, setLogOf] = useState<Webhook | null>(null);

  const columns: TableColumnsType<Webhook> = [
    {
      title: t('webhooks.url'),
      dataIndex: 'url',
      render: (url: string) => (
        <Typography.Text code className="webhook-url" style={{ wordBreak: 'break-all' }}>
          {url}
        </Typography.Text>
      ),
    },
    {
      title: t('webhooks.events'),
      dataIndex: 'events',
      render: (events: WebhookEvent[]) => (
        <Flex gap={4} wrap>
          {events.map((event) => (
            <Tag key={event} className="webhook-event" data-event={event}>
              {t(`webhooks.event.${event}`)}
            </Tag>
          ))}
        </Flex>
      ),
    },
    { title: t('webhooks.createdAt'), dataIndex: 'created_at', width: 110, render: (v: string) => formatDate(v, language) },
    {
      title: t('common.status'),
      dataIndex: 'active',
      width: 130,
      render: (active: boolean) => <Tag color={active ? 'success' : 'default'}>{active ? t('webhooks.active') : t('webhooks.inactive')}</Tag>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 130,
      render: (_, webhook) => (
        <Space size={4} wrap>
          <Button size="small" icon={<UnorderedListOutlined />} onClick={() => setLogOf(webhook)}>
            {t('webhooks.deliveries')}
          </Button>
          {webhook.actions.delete && (
            <Popconfirm
              title={t('webhooks.deleteConfirm', { url: webhook.url })}
              okText={t('webhooks.delete')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() =>
                remove.mutate(webhook.id, {
                  onSuccess: () => void message.success(t('webhooks.deleted')),
                  onError: (error) => void message.error(describeError(error, t)),
                })
              }
            >
              <Button size="small" danger icon={<DeleteOutlined />}>
                {t('webhooks.delete')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Drawer open title={t('webhooks.title', { name: apiKey.name })} onClose={onClose} width="min(960px, 100vw)" destroyOnHidden maskClosable={created === null} className="webhooks-drawer">
      <Flex vertical gap={16}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('webhooks.help')}
        </Typography.Paragraph>
        {created && <WebhookSecret webhook={created} onDone={() => setCreated(null)} />}
        <section aria-label={t('webhooks.list')}>
          {webhooks.isError ? (
            <ErrorState error={webhooks.error} onRetry={() => void webhooks.refetch()} />
          ) : (
            <ResponsiveTable<Webhook>
              className="webhooks-table"
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={webhooks.data?.items ?? []}
              loading={webhooks.isFetching}
              pagination={false}
              locale={{ emptyText: webhooks.isPending ? t('common.loading') : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('webhooks.empty')} /> }}
            />
          )}
        </section>
        <WebhookForm apiKeyId={apiKey.id} onCreated={setCreated} />
      </Flex>
      {logOf && <WebhookDeliveriesModal webhook={logOf} onClose={() => setLogOf(null)} />}
    </Drawer>
  );
}
