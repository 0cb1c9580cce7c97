import { Typography } from 'antd';
import type { LineageStep } from '../../../api/models';
import { formatDate } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { formatShare } from './split-form';

/**
 * An agency's direct predecessors ("Chia tách từ … (60 %)", "Hợp nhất từ …") or the successors of a
 * split ("… (40 %)"), each with the day it took effect.
 */
export function LineageList({ steps, direction }: { steps: readonly LineageStep[]; direction: 'predecessors' | 'successors' }) {
  const { t, language } = useI18n();
  return (
    <ul className={`lineage-list lineage-${direction}`}>
      {steps.map((step) => {
        const agency = `${step.code} — ${step.name}`;
        const share = formatShare(step.share, language);
        const text =
          direction === 'successors'
            ? t('lineage.splitTo', { agency, share })
            : step.kind === 'split'
              ? t('lineage.splitFrom', { agency, share })
              : t('lineage.mergedFrom', { agency });
        return (
          <li key={`${step.agency_id}:${step.kind}`} className="lineage-step" data-kind={step.kind} data-code={step.code}>
            <span className="lineage-text">{text}</span>
            <Typography.Text type="secondary"> · {t('lineage.since', { date: formatDate(step.effective_on, language) })}</Typography.Text>
          </li>
        );
      })}
    </ul>
  );
}
