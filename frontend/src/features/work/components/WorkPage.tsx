import { LockOutlined } from '@ant-design/icons';
import { Alert, Card, Flex, Radio, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { WORK_KINDS, type WorkItem, type WorkKind } from '../../../api/models';
import { EmptyState, ErrorState, LoadingState } from '../../../components/PageState';
import { formatDate, formatNumber } from '../../../lib/format';
import { useI18n, type Translate } from '../../../lib/i18n/i18n';
import { describePeriod } from '../../../lib/periods';
import { useMyWork } from '../../../lib/my-work';
import { dueState, filterWork, WORK_KIND_COLOR, WORK_KIND_LABEL, type DueState, type WorkFilter } from './work-items';
import { ResponsiveTable } from '../../../components/ResponsiveTable';

const isFilter = (v: string | null): v is WorkFilter => v === 'all' || v === 'overdue' || (WORK_KINDS as readonly string[]).includes(v ?? '');

/**
 * "Việc cần làm": everything that waits for the signed-in user (`GET /me/work`), the most urgent
 * first as the server sorted it; each item leads to the page where it is done.
 */
export function WorkPage() {
  const { t, language } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const work = useMyWork();
  const requested = params.get('kind');
  const filter: WorkFilter = isFilter(requested) ? requested : 'all';
  const items = useMemo(() => filterWork(work.data?.items ?? [], filter), [work.data, filter]);

  if (work.isPending) return <LoadingState />;
  if (work.isError) return <ErrorState error={work.error} onRetry={() => void work.refetch()} />;
  const { counts, today } = work.data;
  const n = (v: number) => formatNumber(v, language);
  const kindsWithWork = WORK_KINDS.filter((k) => counts[k] > 0);
  const listed = (kind: WorkKind) => work.data.items.filter((i) => i.kind === kind).length;
  const truncated = filter !== 'all' && filter !== 'overdue' && counts[filter] > listed(filter);

  const columns: ColumnsType<WorkItem> = [
    {
      title: t('work.kindColumn'),
      key: 'kind',
      width: 200,
      render: (_, item) => (
        <Tag color={WORK_KIND_COLOR[item.kind]} bordered={false} className="work-kind" data-kind={item.kind}>
          {t(WORK_KIND_LABEL[item.kind])}
        </Tag>
      ),
    },
    {
      title: t('work.titleColumn'),
      key: 'title',
      render: (_, item) => (
        <Link to={item.link} className="work-link" onClick={(e) => e.stopPropagation()}>
          {item.title}
        </Link>
      ),
    },
    { title: t('work.period'), key: 'period', width: 140, render: (_, item) => (item.period ? describePeriod(item.period, t) : '—') },
    {
      title: t('work.due'),
      key: 'due',
      width: 120,
      render: (_, item) =>
        item.due_date ? (
          <span className={item.overdue ? 'text-bad work-due' : 'work-due'}>{formatDate(item.due_date, language)}</span>
        ) : (
          <Typography.Text type="secondary">{t('work.noDue')}</Typography.Text>
        ),
    },
    { title: t('work.state'), key: 'state', width: 210, render: (_, item) => <WorkStateTags state={dueState(item, today)} locked={item.locked} t={t} /> },
  ];

  const setFilter = (next: WorkFilter) => setParams(next === 'all' ? {} : { kind: next }, { replace: true });

  return (
    <div className="page">
      <Flex justify="space-between" align="flex-end" wrap gap={12} className="page-header">
        <div>
          <Typography.Title level={1} className="page-title" style={{ margin: 0 }}>
            {t('work.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('work.subtitle')}</Typography.Text>
        </div>
        <div className="work-summary" data-testid="work-summary">
          <Typography.Text strong className={counts.overdue > 0 ? 'text-bad' : undefined}>
            {counts.overdue > 0 ? t('work.summary', { total: n(counts.total), overdue: n(counts.overdue) }) : t('work.summaryNoOverdue', { total: n(counts.total) })}
          </Typography.Text>
          <Typography.Text type="secondary">{t('work.today', { date: formatDate(today, language) })}</Typography.Text>
        </div>
      </Flex>
      <Card size="small">
        {counts.total > 0 && (
          <div role="radiogroup" aria-label={t('work.filter')} className="filters">
            <Radio.Group
              className="work-filters"
              value={filter}
              onChange={(e) => setFilter(e.target.value as WorkFilter)}
              optionType="button"
              buttonStyle="solid"
              options={[
                { value: 'all', label: `${t('work.all')} (${n(counts.total)})` },
                ...(counts.overdue > 0 ? [{ value: 'overdue', label: `${t('work.overdueFilter')} (${n(counts.overdue)})`, className: 'work-filter-overdue' }] : []),
                ...kindsWithWork.map((k) => ({ value: k, label: `${t(WORK_KIND_LABEL[k])} (${n(counts[k])})` })),
              ]}
            />
          </div>
        )}
        {truncated && <Alert type="info" showIcon className="form-alert" message={t('work.shownOf', { shown: n(listed(filter)), total: n(counts[filter]) })} />}
        <ResponsiveTable<WorkItem>
          className="work-table"
          rowKey={(item) => `${item.kind}:${item.subject_id}:${item.period ?? ''}:${item.agency_id ?? ''}`}
          size="middle"
          columns={columns}
          dataSource={items}
          scroll={{ x: 860 }}
          rowClassName={(item) => `work-item${item.overdue ? ' work-item-overdue' : ''}`}
          onRow={(item) => ({ onClick: () => void navigate(item.link) })}
          locale={{ emptyText: <EmptyState description={counts.total === 0 ? t('work.empty') : t('work.emptyFilter')} /> }}
          pagination={items.length > 20 ? { pageSize: 20, showSizeChanger: false, showTotal: (total) => t('common.total', { count: n(total) }) } : false}
        />
      </Card>
    </div>
  );
}

/** "Quá hạn 3 ngày", "Hạn hôm nay", "Còn 5 ngày", "Đã khóa". */
export function WorkStateTags({ state, locked, t }: { state: DueState; locked: boolean; t: Translate }) {
  return (
    <Flex gap={4} wrap className="work-state">
      {state.kind === 'overdue' && (
        <Tag color="error" className="work-overdue">
          {state.days > 0 ? t('work.overdueBy', { days: state.days }) : t('work.overdue')}
        </Tag>
      )}
      {state.kind === 'today' && (
        <Tag color="warning" className="work-soon">
          {t('work.dueToday')}
        </Tag>
      )}
      {state.kind === 'soon' && (
        <Tag color="warning" className="work-soon">
          {t('work.dueIn', { days: state.days })}
        </Tag>
      )}
      {locked && (
        <Tooltip title={t('work.lockedHint')}>
          <Tag icon={<LockOutlined />} className="work-locked">
            {t('work.locked')}
          </Tag>
        </Tooltip>
      )}
    </Flex>
  );
}
