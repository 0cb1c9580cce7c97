import { CheckCircleOutlined, ClockCircleOutlined } from '@ant-design/icons';
import { Card, DatePicker, Flex, Select, Skeleton, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import type { CSSProperties } from 'react';
import { Link } from 'react-router';
import type { DashboardSummary, TaskEvaluation } from '../../../api/models';
import { ErrorState } from '../../../components/PageState';
import { formatDate, formatNumber, formatPercent } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { evaluationSegments, TASK_EVALUATION_LABEL, type EvaluationCounts } from '../../../lib/task-evaluation';
import { EVALUATION_PRESET_LABEL, EVALUATION_PRESETS, verifiedCompletion, type EvaluationPeriod, type EvaluationPreset } from './evaluation-data';
import { evaluationTasksUrl, type Scope } from './overview-data';

/** Where a count of one class leads: the list of those tasks. */
type CountHref = (evaluation: TaskEvaluation) => string;

interface Props {
  /** The summary of the chosen period (its `evaluation`), and the scope's completions. */
  summary: DashboardSummary | undefined;
  pending: boolean;
  error: unknown;
  onRetry: () => void;
  period: EvaluationPeriod;
  onPeriodChange: (period: EvaluationPeriod) => void;
  /** The overview's scope: each count opens its tasks in it, for the period evaluated. */
  scope: Scope;
}

/** "Đánh giá nhiệm vụ đến hạn": the scope's tasks due in a period in the Government Office's four classes. */
export function EvaluationCard({ summary, pending, error, onRetry, period, onPeriodChange, scope }: Props) {
  const { t, language } = useI18n();
  const dateFormat = language === 'vi' ? 'DD/MM/YYYY' : 'D MMM YYYY';
  const range = period.range ? ([dayjs(period.range.from), dayjs(period.range.to)] as const) : null;

  const picker = (
    <Flex gap={8} wrap align="center" className="evaluation-period">
      <Select<EvaluationPreset>
        aria-label={t('evaluation.period')}
        value={period.preset}
        onChange={(preset) => onPeriodChange(preset === 'custom' ? { preset, range: period.range } : { preset })}
        options={EVALUATION_PRESETS.map((p) => ({ value: p, label: t(EVALUATION_PRESET_LABEL[p]) }))}
        popupMatchSelectWidth={false}
        style={{ width: 210 }}
      />
      {period.preset === 'custom' && (
        <DatePicker.RangePicker
          aria-label={t('evaluation.range')}
          placeholder={[t('evaluation.from'), t('evaluation.to')]}
          value={range ? [range[0], range[1]] : null}
          format={dateFormat}
          allowClear={false}
          onChange={(values) => {
            const [from, to] = values ?? [];
            if (from && to) onPeriodChange({ preset: 'custom', range: { from: from.format('YYYY-MM-DD'), to: to.format('YYYY-MM-DD') } });
          }}
        />
      )}
    </Flex>
  );

  return (
    <Card title={t('evaluation.title')} size="small" className="evaluation-card" data-testid="evaluation-card">
      <Flex vertical gap={12}>
        {picker}
        {error ? (
          <ErrorState error={error} onRetry={onRetry} />
        ) : pending || !summary ? (
          <Skeleton active />
        ) : (
          <EvaluationBody summary={summary} linkTo={(e) => evaluationTasksUrl(scope, e, summary.evaluation)} />
        )}
      </Flex>
    </Card>
  );
}

function EvaluationBody({ summary, linkTo }: { summary: DashboardSummary; linkTo: CountHref }) {
  const { t, language } = useI18n();
  const { evaluation } = summary;
  const verified = verifiedCompletion(summary);
  const { total, segments } = evaluationSegments(evaluation);
  return (
    <Flex vertical gap={12}>
      <Typography.Text type="secondary" className="evaluation-caption">
        {t('evaluation.caption', {
          from: formatDate(evaluation.from, language),
          to: formatDate(evaluation.to, language),
          asOf: formatDate(evaluation.as_of, language),
        })}
      </Typography.Text>
      <EvaluationBar counts={evaluation} />
      <div className="evaluation-classes">
        {segments.map((s) => (
          <div key={s.evaluation} className="evaluation-class" data-evaluation={s.evaluation}>
            <span className="evaluation-dot" style={{ background: s.color }} aria-hidden />
            <span className="evaluation-label">{t(TASK_EVALUATION_LABEL[s.evaluation])}</span>
            <CountLink className="evaluation-count" to={linkTo(s.evaluation)} evaluation={s.evaluation} count={s.count} />
            {total > 0 && (
              <Typography.Text type="secondary" className="evaluation-share">
                {formatPercent(Math.round(s.percent * 10) / 10, language)}
              </Typography.Text>
            )}
          </div>
        ))}
      </div>
      <Flex gap={16} wrap className="evaluation-verified" data-testid="evaluation-verified" align="center">
        {verified.key === 'evaluation.verified.none' ? (
          <Typography.Text type="secondary">{t(verified.key)}</Typography.Text>
        ) : (
          <>
            <span>
              <CheckCircleOutlined className="tone-good" /> {t('evaluation.verified', { count: formatNumber(verified.accepted, language) })}
            </span>
            <span>
              <ClockCircleOutlined className="tone-warn" /> {t('evaluation.awaiting', { count: formatNumber(verified.awaiting, language) })}
            </span>
          </>
        )}
      </Flex>
    </Flex>
  );
}

/** A stacked bar of the four classes; an empty grey bar when no task falls due in the period. */
export function EvaluationBar({ counts, compact = false }: { counts: EvaluationCounts; compact?: boolean }) {
  const { t, language } = useI18n();
  const { total, segments } = evaluationSegments(counts);
  const label = total === 0
    ? t('evaluation.none')
    : segments.map((s) => `${t(TASK_EVALUATION_LABEL[s.evaluation])}: ${formatNumber(s.count, language)}`).join('; ');
  return (
    <div className={compact ? 'evaluation-bar compact' : 'evaluation-bar'} role="img" aria-label={label} data-total={total}>
      {segments
        .filter((s) => s.count > 0)
        .map((s) => (
          <Tooltip key={s.evaluation} title={`${t(TASK_EVALUATION_LABEL[s.evaluation])}: ${formatNumber(s.count, language)} (${formatPercent(Math.round(s.percent * 10) / 10, language)})`}>
            <span className="evaluation-segment" data-evaluation={s.evaluation} style={{ width: `${s.percent}%`, background: s.color }}>
              {!compact && s.percent >= 8 ? formatNumber(s.count, language) : null}
            </span>
          </Tooltip>
        ))}
      {total === 0 && !compact && <span className="evaluation-empty">{t('evaluation.none')}</span>}
    </div>
  );
}

/**
 * A count that opens the list of its tasks; its name says both, since the figure alone does not
 * ("Chưa hoàn thành quá hạn: 3 nhiệm vụ — xem danh sách").
 */
function CountLink({ to, evaluation, count, className, style }: { to: string; evaluation: TaskEvaluation; count: number; className: string; style?: CSSProperties }) {
  const { t, language } = useI18n();
  return (
    <Link
      to={to}
      className={className}
      data-evaluation={evaluation}
      data-count={count}
      style={style}
      aria-label={t('evaluation.openTasks', { label: t(TASK_EVALUATION_LABEL[evaluation]), count: formatNumber(count, language) })}
    >
      {formatNumber(count, language)}
    </Link>
  );
}

/**
 * The four counts of a scorecard row, coloured as in the evaluation card, each named by its tooltip;
 * with `linkTo`, each count opens its tasks.
 */
export function EvaluationCell({ counts, linkTo }: { counts: EvaluationCounts; linkTo?: CountHref }) {
  const { t, language } = useI18n();
  const { segments } = evaluationSegments(counts);
  const label = segments.map((s) => `${t(TASK_EVALUATION_LABEL[s.evaluation])}: ${formatNumber(s.count, language)}`).join('; ');
  return (
    <div className="evaluation-cell" aria-label={label}>
      <Flex gap={6} justify="flex-end">
        {segments.map((s) => (
          <Tooltip key={s.evaluation} title={t(TASK_EVALUATION_LABEL[s.evaluation])}>
            {linkTo ? (
              <CountLink
                to={linkTo(s.evaluation)}
                evaluation={s.evaluation}
                count={s.count}
                className={s.count > 0 ? 'evaluation-num' : 'evaluation-num zero'}
                style={s.count > 0 ? { color: s.color } : undefined}
              />
            ) : (
              <span className={s.count > 0 ? 'evaluation-num' : 'evaluation-num zero'} data-evaluation={s.evaluation} style={s.count > 0 ? { color: s.color } : undefined}>
                {formatNumber(s.count, language)}
              </span>
            )}
          </Tooltip>
        ))}
      </Flex>
      <EvaluationBar counts={counts} compact />
    </div>
  );
}
