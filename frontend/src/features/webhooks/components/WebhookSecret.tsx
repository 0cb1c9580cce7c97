import { KeyOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Typography } from 'antd';
import type { NewWebhook } from '../../../api/models';
import { useI18n } from '../../../lib/i18n/i18n';

/** The signing secret of a webhook just registered: shown this once, until the user says it is saved. */
export function WebhookSecret({ webhook, onDone }: { webhook: NewWebhook; onDone: () => void }) {
  const { t } = useI18n();
  return (
    <Card
      size="small"
      className="webhook-secret"
      title={
        <Flex gap={8} align="center">
          <KeyOutlined />
          {t('webhooks.secretTitle')}
        </Flex>
      }
    >
      <Alert type="warning" showIcon message={t('webhooks.secretOnce')} className="form-alert" />
      <Typography.Paragraph>
        <Typography.Text strong style={{ wordBreak: 'break-all' }}>
          {webhook.url}
        </Typography.Text>
      </Typography.Paragraph>
      <Typography.Paragraph code copyable={{ text: webhook.secret, tooltips: [t('webhooks.copy'), t('webhooks.copied')] }} className="new-webhook-secret" style={{ wordBreak: 'break-all' }}>
        {webhook.secret}
      </Typography.Paragraph>
      <Button type="primary" onClick={onDone}>
        {t('webhooks.secretDone')}
      </Button>
    </Card>
  );
}
