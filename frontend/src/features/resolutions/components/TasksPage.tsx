import { Button, Card, Checkbox, DatePicker, Flex, Input, Select, TreeSelect, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { HEALTHS, TASK_EVALUATIONS, TASK_SORTS, TASK_STATUSES, type Health, type TaskEvaluation, type TaskListQuery, type TaskSort, type TaskStatus } from '../../../api/models';
import { ErrorState } from '../../../components/PageState';
import { formatNumber } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { TASK_EVALUATION_LABEL } from '../../../lib/task-evaluation';
import { useUpdateSearch } from '../../../lib/search-params';
import { useResolutions } from '../api/resolutions';
import { useTasks } from '../api/tasks';
import { useAgencyDirectory } from './agency-directory';
import { INITIAL_TASK_FILTERS as INITIAL, taskFiltersFromSearch, taskFiltersToSearch, taskListQuery, type TaskFilters as Filters } from './task-filters';
import { TaskTable } from './TaskTable';

const day = (iso: string | undefined) => (iso ? dayjs(iso) : null);

export function TasksPage() {
  const { t, language } = useI18n();
  const directory = useAgencyDirectory();
  // The filters live in the address (`/tasks?health=overdue&lead_agency_subtree=…`), so links can open a filtered list.
  const [params] = useSearchParams();
  const updateSearch = useUpdateSearch();
  const filters = useMemo(() => taskFiltersFromSearch(params), [params]);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const resolutions = useResolutions({ limit: 500 });
  const codes = useMemo(() => new Map((resolutions.data?.items ?? []).map((r) => [r.id, r.code])), [resolutions.data]);

  const query: TaskListQuery = { ...taskListQuery(filters), limit: pageSize, offset: (page - 1) * pageSize };
  const tasks = useTasks(query);
  const dateFormat = language === 'vi' ? 'DD/MM/YYYY' : 'D MMM YYYY';
  const update = (patch: Partial<Filters>) => {
    updateSearch((current) => taskFiltersToSearch({ ...taskFiltersFromSearch(current), ...patch }), { replace: true });
    setPage(1);
  };

  return (
    <div className="page">
      <Flex justify="space-between" align="center" wrap gap={8} className="page-header">
        <Typography.Title level={1} className="page-title" style={{ margin: 0 }}>
          {t('tasks.title')}
        </Typography.Title>
      </Flex>
      <Card size="small">
        <Flex gap={12} wrap className="filters" align="center">
          <Input.Search
            key={filters.q ?? ''}
            defaultValue={filters.q}
            allowClear
            aria-label={t('tasks.search')}
            placeholder={t('tasks.search')}
            onSearch={(v) => update({ q: v.trim() || undefined })}
            style={{ width: 280, maxWidth: '100%' }}
          />
          <Select<string>
            allowClear
            showSearch
            optionFilterProp="label"
            aria-label={t('tasks.resolutionFilter')}
            placeholder={t('tasks.resolutionFilter')}
            value={filters.resolution_id}
            onChange={(v) => update({ resolution_id: v })}
            options={(resolutions.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.code} — ${r.title}` }))}
            popupMatchSelectWidth={false}
            style={{ width: 220 }}
          />
          <TreeSelect
            allowClear
            showSearch
            treeNodeFilterProp="title"
            aria-label={t('tasks.leadFilter')}
            placeholder={t('tasks.leadFilter')}
            treeData={directory.options}
            value={filters.lead_agency_id}
            onChange={(v: string | undefined) => update({ lead_agency_id: v })}
            popupMatchSelectWidth={false}
            style={{ width: 240 }}
          />
          <Checkbox checked={filters.include_subtree ?? false} disabled={!filters.lead_agency_id} onChange={(e) => update({ include_subtree: e.target.checked })}>
            {t('tasks.includeSubtree')}
          </Checkbox>
          <Select<TaskStatus>
            allowClear
            aria-label={t('tasks.statusFilter')}
            placeholder={t('tasks.statusFilter')}
            value={filters.status}
            onChange={(v) => update({ status: v })}
            options={TASK_STATUSES.map((s) => ({ value: s, label: t(`taskStatus.${s}`) }))}
            style={{ width: 170 }}
          />
          <Select<Health>
            allowClear
            aria-label={t('tasks.healthFilter')}
            placeholder={t('tasks.healthFilter')}
            value={filters.health}
            onChange={(v) => update({ health: v })}
            options={HEALTHS.map((h) => ({ value: h, label: t(`health.${h}`) }))}
            style={{ width: 180 }}
          />
          <Checkbox checked={filters.overdue ?? false} onChange={(e) => update({ overdue: e.target.checked })}>
            {t('tasks.overdueOnly')}
          </Checkbox>
          {/* The Government Office's evaluation: a class today, and the period its deadline falls in
              (an overview's evaluation count opens this list with all three). */}
          <Select<TaskEvaluation>
            allowClear
            aria-label={t('tasks.evaluationFilter')}
            placeholder={t('tasks.evaluationFilter')}
            className="task-evaluation-filter"
            value={filters.evaluation}
            onChange={(v) => update({ evaluation: v })}
            options={TASK_EVALUATIONS.map((e) => ({ value: e, label: t(TASK_EVALUATION_LABEL[e]) }))}
            popupMatchSelectWidth={false}
            style={{ width: 240 }}
          />
          <label className="inline-field task-evaluation-period" title={t('tasks.evaluationPeriodHint')}>
            <span>{t('tasks.evaluationPeriod')}</span>
            <DatePicker.RangePicker
              aria-label={t('tasks.evaluationPeriod')}
              placeholder={[t('tasks.evaluationFrom'), t('tasks.evaluationTo')]}
              format={dateFormat}
              allowEmpty={[true, true]}
              value={filters.evaluation_from || filters.evaluation_to ? [day(filters.evaluation_from), day(filters.evaluation_to)] : null}
              onChange={(values) => update({ evaluation_from: values?.[0]?.format('YYYY-MM-DD'), evaluation_to: values?.[1]?.format('YYYY-MM-DD') })}
              style={{ width: 250 }}
            />
          </label>
          <Select<TaskSort>
            aria-label={t('tasks.sort')}
            value={filters.sort}
            onChange={(v) => update({ sort: v })}
            options={TASK_SORTS.map((s) => ({ value: s, label: t(`tasks.sort.${s}`) }))}
            style={{ width: 190 }}
          />
          <Button
            onClick={() => {
              updateSearch(() => taskFiltersToSearch(INITIAL), { replace: true });
              setPage(1);
            }}
          >{t('tasks.clear')}</Button>
        </Flex>
        {tasks.isError ? (
          <ErrorState error={tasks.error} onRetry={() => void tasks.refetch()} />
        ) : (
          <TaskTable
            tasks={tasks.data?.items ?? []}
            loading={tasks.isFetching}
            pending={tasks.isPending}
            emptyText={t('tasks.empty')}
            nameOf={directory.nameOf}
            resolutionCode={(id) => codes.get(id)}
            pagination={{
              current: page,
              pageSize,
              total: tasks.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (total) => t('common.total', { count: formatNumber(total, language) }),
              onChange: (nextPage, nextSize) => {
                setPage(nextSize === pageSize ? nextPage : 1);
                setPageSize(nextSize);
              },
            }}
          />
        )}
      </Card>
    </div>
  );
}
