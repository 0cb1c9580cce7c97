import { Typography } from 'antd';
import type { Indicator, IndicatorValue } from '../../../api/models';
import { AttachmentList } from '../../../components/AttachmentList';
import { formatValue } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { describePeriod } from '../../../lib/periods';

/**
 * What an approver weighs a submitted figure against, next to it in the queue: the series' target
 * for the period, the previous counted figure, the reporter's note and the evidence (all sent by the
 * server with the figure).
 */
export function ValueContext({ value, indicator }: { value: IndicatorValue; indicator: Indicator | undefined }) {
  const { t, language } = useI18n();
  const fmt = (x: number) => (indicator ? formatValue(x, indicator.value_type, indicator.unit, language, t) : String(x));
  return (
    <div className="value-context">
      <div data-testid="value-target">
        {value.target == null ? (
          <Typography.Text type="secondary">{t('approvals.noTarget')}</Typography.Text>
        ) : (
          t('approvals.target', { value: fmt(value.target) })
        )}
      </div>
      <div data-testid="value-previous">
        {value.previous ? (
          t('approvals.previous', { period: describePeriod(value.previous.period, t), value: fmt(value.previous.value) })
        ) : (
          <Typography.Text type="secondary">{t('approvals.noPrevious')}</Typography.Text>
        )}
      </div>
      {value.note && (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: value.note }} style={{ marginBottom: 0 }} data-testid="value-note">
          {t('approvals.note', { note: value.note })}
        </Typography.Paragraph>
      )}
      {value.evidence_url && (
        <a href={value.evidence_url} target="_blank" rel="noopener noreferrer">
          {t('values.evidenceLink')}
        </a>
      )}
      <AttachmentList attachments={value.attachments} />
      {!value.evidence_url && value.attachments.length === 0 && <Typography.Text type="secondary">{t('approvals.noEvidence')}</Typography.Text>}
    </div>
  );
}
