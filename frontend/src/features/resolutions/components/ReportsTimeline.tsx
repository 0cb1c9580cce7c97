import { Alert, Flex, Tag, Timeline, Typography } from 'antd';
import type { ProgressReport } from '../../../api/models';
import { AttachmentList } from '../../../components/AttachmentList';
import { EmptyState } from '../../../components/PageState';
import { formatDateTime, formatPercent } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { describePeriod } from '../../../lib/periods';

/** Progress reports, newest first; obstacles and proposals stand out because they need the level above to act. */
export function ReportsTimeline({ reports }: { reports: readonly ProgressReport[] }) {
  const { t, language } = useI18n();
  if (reports.length === 0) return <EmptyState description={t('reports.empty')} />;
  const sorted = [...reports].sort((a, b) => b.created_at.localeCompare(a.created_at));
  return (
    <Timeline
      className="reports-timeline"
      items={sorted.map((r) => ({
        key: r.id,
        color: r.current ? 'blue' : 'gray',
        children: (
          <div className="report-item" data-period={r.period}>
            <Flex gap={8} wrap align="center">
              <Typography.Text strong>{describePeriod(r.period, t)}</Typography.Text>
              <Tag color={r.current ? 'blue' : 'default'} bordered={false}>
                {formatPercent(r.progress, language)}
              </Tag>
              {r.revision > 1 && <Tag bordered={false}>{t('reports.revision', { n: r.revision })}</Tag>}
              {!r.current && <Tag bordered={false}>{t('reports.superseded')}</Tag>}
            </Flex>
            <Typography.Text type="secondary" className="report-meta">
              {r.reported_by_name} · {formatDateTime(r.created_at, language)}
            </Typography.Text>
            {r.narrative && <Typography.Paragraph className="report-narrative">{r.narrative}</Typography.Paragraph>}
            {r.obstacles && (
              <Alert type="warning" showIcon className="report-note" message={t('reports.obstacles')} description={r.obstacles} />
            )}
            {r.proposals && <Alert type="info" showIcon className="report-note" message={t('reports.proposals')} description={r.proposals} />}
            <AttachmentList attachments={r.attachments} />
          </div>
        ),
      }))}
    />
  );
}
