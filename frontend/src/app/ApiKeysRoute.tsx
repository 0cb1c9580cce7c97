import { ApiKeysPage } from '../features/apikeys/components/ApiKeysPage';
import { WebhooksDrawer } from '../features/webhooks/components/WebhooksDrawer';

/** The API keys page with each key's webhooks (two features, wired here since features do not import each other). */
export function ApiKeysRoute() {
  return <ApiKeysPage webhooks={(key, onClose) => <WebhooksDrawer apiKey={{ id: key.id, name: key.name }} onClose={onClose} />} />;
}
