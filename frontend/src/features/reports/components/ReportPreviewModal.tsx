import { Button, Modal } from 'antd';
import { useI18n } from '../../../lib/i18n/i18n';

interface Props {
  html: string;
  period: string;
  onClose: () => void;
}

/**
 * The printable report in a sandboxed frame: `sandbox=""` runs no script of it and gives it no
 * origin, so the report's HTML cannot reach the session.
 */
export function ReportPreviewModal({ html, period, onClose }: Props) {
  const { t } = useI18n();
  return (
    <Modal
      open
      title={t('periodicReport.previewTitle', { period })}
      onCancel={onClose}
      width="min(1000px, 96vw)"
      footer={<Button onClick={onClose}>{t('periodicReport.close')}</Button>}
      destroyOnHidden
    >
      <iframe className="report-preview-frame" title={t('periodicReport.previewFrame')} srcDoc={html} sandbox="" data-testid="report-preview" />
    </Modal>
  );
}
