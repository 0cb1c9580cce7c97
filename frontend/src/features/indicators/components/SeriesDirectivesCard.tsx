import { Card, Col, Row, Typography } from 'antd';
import type { Indicator } from '../../../api/models';
import { DirectiveThread } from '../../../components/DirectiveThread';
import { IssueDirectiveForm } from '../../../components/IssueDirectiveForm';
import { ErrorState, LoadingState } from '../../../components/PageState';
import { formatNumber } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { useSeries } from '../../../lib/indicator-series';
import { useAnswerSeriesDirective, useCloseSeriesDirective, useIssueSeriesDirective, useSeriesDirectives } from '../api/directives';

interface Props {
  indicator: Indicator;
  /** The agency whose series the page shows (the user's own when none is chosen). */
  agencyId: string | undefined;
  nameOf: (id: string) => string | undefined;
}

/**
 * "Chỉ đạo" on the indicator page: the directives on the chosen series — or, when no single series is
 * chosen, on every series the user sees, each naming its series —, answered and closed as each
 * directive's `actions` allow; the form only when the series' `actions.issue_directive`.
 */
export function SeriesDirectivesCard({ indicator, agencyId, nameOf }: Props) {
  const { t, language } = useI18n();
  // The same query as the series chart above (shared cache): its `actions` say whether the user may direct.
  const series = useSeries(indicator.id, { agency_id: agencyId });
  // The chart keeps the previous agency's figures while the next load: never offer the form on those.
  const current = series.data && series.data.agency_id === agencyId ? series.data : undefined;
  const canIssue = Boolean(agencyId) && (current?.actions.issue_directive ?? false);
  // One agency's own series (the server says so: `single`) lists its directives; a roll-up lists
  // those of every series the user sees. Nothing is listed before the series has said which.
  const seriesAgency = current?.single ? agencyId : undefined;
  const directives = useSeriesDirectives(indicator.id, seriesAgency, !agencyId || Boolean(current));
  const issue = useIssueSeriesDirective(indicator.id);
  const answer = useAnswerSeriesDirective(indicator.id);
  const close = useCloseSeriesDirective(indicator.id);

  const agencyName = seriesAgency ? (nameOf(seriesAgency) ?? t('indicators.otherAgency')) : '';
  const source = indicator.source_agency_id;
  const recipient = source
    ? t('directives.seriesIssueHintSource', { source: indicator.source_agency_name ?? nameOf(source) ?? t('indicators.otherAgency'), agency: agencyName })
    : t('directives.seriesIssueHint', { agency: agencyName });

  return (
    <Card
      size="small"
      className="section series-directives"
      data-testid="series-directives"
      data-agency={seriesAgency ?? ''}
      title={directives.data ? `${t('directives.title')} (${formatNumber(directives.data.total, language)})` : t('directives.title')}
    >
      <Typography.Paragraph type="secondary" className="series-directives-scope">
        {seriesAgency ? t('directives.seriesScope', { agency: agencyName }) : t('directives.allSeriesScope')}
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={canIssue ? 13 : 24}>
          {directives.isPending ? (
            <LoadingState />
          ) : directives.isError ? (
            <ErrorState error={directives.error} onRetry={() => void directives.refetch()} />
          ) : (
            <DirectiveThread
              directives={directives.data.items}
              nameOf={nameOf}
              showSeries={!seriesAgency}
              emptyText={seriesAgency ? t('directives.seriesEmpty') : t('directives.allSeriesEmpty')}
              onAnswer={(id, body) => answer.mutateAsync({ id, body })}
              onClose={(id) => close.mutateAsync(id)}
            />
          )}
        </Col>
        {canIssue && agencyId && (
          <Col xs={24} lg={11}>
            <div className="series-directive-issue">
              <Typography.Title level={5} className="series-directive-issue-title">
                {t('directives.issueTitle')}
              </Typography.Title>
              {/* One form per series: switching series starts afresh. */}
              <IssueDirectiveForm key={agencyId} recipient={recipient} onSubmit={(body) => issue.mutateAsync({ ...body, agency_id: agencyId })} />
            </div>
          </Col>
        )}
      </Row>
    </Card>
  );
}
