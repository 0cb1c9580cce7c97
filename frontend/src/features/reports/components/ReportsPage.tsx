import { Flex, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { LoadingState } from '../../../components/PageState';
import { useCurrentUser } from '../../../lib/current-user';
import { useI18n } from '../../../lib/i18n/i18n';
import { periodFromSearch } from './report-period';
import { ReportRequestCard } from './ReportRequestCard';
import { SchedulesCard } from './SchedulesCard';

/** "Báo cáo": a report for any scope and period in every format, and the scheduled reports. */
export function ReportsPage() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const [params] = useSearchParams();
  if (!me.data) return <LoadingState />;
  return (
    <div className="page reports-page">
      <Flex vertical gap={4} className="page-header">
        <Typography.Title level={1} className="page-title" style={{ margin: 0 }}>
          {t('periodicReport.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('periodicReport.subtitle')}</Typography.Text>
      </Flex>
      <Flex vertical gap={16}>
        <ReportRequestCard
          rootAgencyId={me.data.agency_id} initialAgencyId={params.get('agency_id') ?? undefined} initialResolutionId={params.get('resolution_id') ?? undefined}
          initialPeriod={periodFromSearch(params, new Date())}
        />
        <SchedulesCard rootAgencyId={me.data.agency_id} canCreate={me.data.actions.schedule_reports} />
      </Flex>
    </div>
  );
}
