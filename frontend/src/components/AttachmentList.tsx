import { PaperClipOutlined } from '@ant-design/icons';
import { App, Button, Flex, Tooltip, Typography } from 'antd';
import type { Attachment } from '../api/models';
import { downloadAttachment, formatFileSize, shortHash } from '../lib/attachments';
import { describeError } from '../lib/describe-error';
import { useI18n } from '../lib/i18n/i18n';

/**
 * The evidence files of a report or a figure: name (downloads with the bearer token), size and the
 * first 12 characters of the SHA-256 (the full hash in a tooltip).
 */
export function AttachmentList({ attachments }: { attachments: readonly Attachment[] | undefined }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  if (!attachments || attachments.length === 0) return null;
  return (
    <ul className="attachment-list" aria-label={t('attachments.label')}>
      {attachments.map((a) => (
        <li key={a.id} className="attachment-item" data-attachment-id={a.id}>
          <Flex gap={8} wrap align="center">
            <Button
              type="link"
              size="small"
              icon={<PaperClipOutlined />}
              className="attachment-download"
              aria-label={t('attachments.download', { name: a.filename })}
              onClick={() => void downloadAttachment(a).catch((error: unknown) => void message.error(describeError(error, t)))}
            >
              {a.filename}
            </Button>
            <Typography.Text type="secondary" className="attachment-size">
              {formatFileSize(a.size, language)}
            </Typography.Text>
            <Tooltip title={t('attachments.hash', { hash: a.sha256 })}>
              <Typography.Text code className="attachment-hash" data-sha256={a.sha256} tabIndex={0}>
                {shortHash(a.sha256)}
              </Typography.Text>
            </Tooltip>
          </Flex>
        </li>
      ))}
    </ul>
  );
}
