import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Typography, Upload, type UploadFile } from 'antd';
import { ATTACHMENT_ACCEPT, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, describeUploadError, uploadAttachment } from '../lib/attachments';
import { useI18n } from '../lib/i18n/i18n';
import { ApiError } from '../lib/problem';

interface Props {
  /** Set by `Form.Item valuePropName="fileList"`. */
  fileList?: UploadFile[];
  onChange?: (info: { file: UploadFile; fileList: UploadFile[] }) => void;
  disabled?: boolean;
}

/**
 * Picks evidence files and uploads each at once to `POST /attachments` (progress bar; a refusal is
 * shown under the file in the user's language). The form sends the ids of the uploaded ones.
 */
export function EvidenceUpload({ fileList, onChange, disabled }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  return (
    <div className="evidence-upload">
      <Upload
        multiple
        accept={ATTACHMENT_ACCEPT}
        fileList={fileList}
        onChange={onChange}
        disabled={disabled}
        beforeUpload={(file, batch) => {
          if (file.size > MAX_ATTACHMENT_BYTES) {
            void message.error(`${file.name}: ${t('attachments.refused.length')}`);
            return Upload.LIST_IGNORE;
          }
          if ((fileList?.length ?? 0) + batch.indexOf(file) >= MAX_ATTACHMENTS) {
            void message.error(t('attachments.tooMany', { max: MAX_ATTACHMENTS }));
            return Upload.LIST_IGNORE;
          }
          return true;
        }}
        customRequest={({ file, onProgress, onSuccess, onError }) => {
          uploadAttachment(file as File, { onProgress: (percent) => onProgress?.({ percent }) })
            .then((attachment) => onSuccess?.(attachment))
            .catch((error: unknown) => {
              const text = describeUploadError(error, t);
              onError?.(Object.assign(new Error(text), { status: error instanceof ApiError ? error.status : 0 }), text);
            });
        }}
        itemRender={(node, file) => (
          <div className="evidence-file" data-status={file.status}>
            {node}
            {file.status === 'error' && typeof file.response === 'string' && (
              <Typography.Text type="danger" className="evidence-refusal" role="alert">
                {file.response}
              </Typography.Text>
            )}
          </div>
        )}
      >
        <Button icon={<UploadOutlined />} disabled={disabled}>
          {t('attachments.add')}
        </Button>
      </Upload>
      <Typography.Text type="secondary" className="evidence-hint">
        {t('attachments.hint', { max: MAX_ATTACHMENTS })}
      </Typography.Text>
    </div>
  );
}
