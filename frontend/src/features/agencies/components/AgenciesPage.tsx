import { DeleteOutlined, EditOutlined, HistoryOutlined, MergeCellsOutlined, PlusOutlined, ReloadOutlined, SplitCellsOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Flex, Input, Row, Space, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { AgencyStatus, AgencyTreeNode } from '../../../api/models';
import { EmptyState, ErrorState, LoadingState } from '../../../components/PageState';
import { indexAgencyTree, useAgencyTree } from '../../../lib/agency-tree';
import { useCurrentUser } from '../../../lib/current-user';
import { formatDate, formatDateTime, formatNumber } from '../../../lib/format';
import { useUpdateSearch } from '../../../lib/search-params';
import { useI18n, type Translate } from '../../../lib/i18n/i18n';
import { ApiError } from '../../../lib/problem';
import { useAgency, useAgencyLineage, useCreateAgency, useDeleteAgency, useDissolveAgency, useUndoMerge, useUpdateAgency } from '../api/agencies';
import { parseAsOf } from './reorg';
import { AgencyFormModal } from './AgencyFormModal';
import { MergeAgencyModal } from './MergeAgencyModal';
import { LineageList } from './LineageList';
import { DeleteAgencyModal, DissolveAgencyModal, UndoMergeModal } from './ReorgConfirmModal';
import { SplitAgencyModal } from './SplitAgencyModal';
import { ancestorIds, collectIds, filterAgencyTree } from './tree-filter';

const STATUS_COLOR: Record<AgencyStatus, string> = { active: 'green', merged: 'orange', dissolved: 'default', split: 'purple' };

const isNotFound = (error: unknown) => error instanceof ApiError && error.status === 404;

function toTreeNode(node: AgencyTreeNode, t: Translate, parentCode = ''): DataNode {
  return {
    key: node.id,
    title: (
      <span className="agency-node" data-code={node.code} data-status={node.status} data-parent-code={parentCode}>
        <Typography.Text code>{node.code}</Typography.Text> {node.name}
        {node.status !== 'active' && (
          <Tag color={STATUS_COLOR[node.status]} bordered={false} style={{ marginInlineStart: 6 }}>
            {t(`agencyStatus.${node.status}`)}
          </Tag>
        )}
      </span>
    ),
    children: node.children.map((child) => toTreeNode(child, t, node.code)),
  };
}

export function AgenciesPage() {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const rootId = me.data?.agency_id;
  // A past date (`?as_of=YYYY-MM-DD`) shows the hierarchy as it was then, read-only.
  const [params] = useSearchParams();
  const updateSearch = useUpdateSearch();
  const asOf = parseAsOf(params.get('as_of'));
  const tree = useAgencyTree(rootId, asOf);
  // The root did not exist yet on that date: an empty hierarchy, not an error.
  const notYet = Boolean(asOf) && tree.isError && isNotFound(tree.error);
  const [filter, setFilter] = useState('');
  // Until the user picks something, the user's own agency is selected and expanded.
  const [picked, setSelectedId] = useState<string | undefined>(undefined);
  const [expandedByUser, setExpanded] = useState<string[] | null>(null);
  const [dialog, setDialog] = useState<'create' | 'edit' | 'merge' | 'split' | 'dissolve' | 'undo' | 'delete' | null>(null);
  const expanded = expandedByUser ?? (rootId ? [rootId] : []);

  const index = useMemo(() => indexAgencyTree(tree.data), [tree.data]);
  // An agency picked today that did not exist on the chosen date falls back to the root.
  const selectedId = notYet ? undefined : picked && (!tree.data || index.has(picked)) ? picked : rootId;
  const visible = useMemo(() => (tree.data ? filterAgencyTree(tree.data, filter) : null), [tree.data, filter]);
  const treeData = useMemo(() => (visible ? [toTreeNode(visible, t)] : []), [visible, t]);
  const expandedKeys = filter.trim() && visible ? collectIds(visible) : expanded;

  const details = useAgency(selectedId, asOf);
  const createAgency = useCreateAgency();
  const updateAgency = useUpdateAgency();
  const dissolveAgency = useDissolveAgency();
  const undoMerge = useUndoMerge();
  const deleteAgency = useDeleteAgency();
  const selected = details.data?.agency;
  // Where it came from and went into (splits with their shares); today's lineage, not a past day's.
  const lineage = useAgencyLineage(asOf ? undefined : selectedId);
  const predecessors = (lineage.data?.predecessors ?? []).filter((s) => s.generation === 1);
  const splitSuccessors = (lineage.data?.successors ?? []).filter((s) => s.generation === 1 && s.kind === 'split');

  const setAsOf = (date: string | null) => {
    updateSearch((next) => {
      if (date) next.set('as_of', date);
      else next.delete('as_of');
      return next;
    });
    setDialog(null);
  };

  if (me.isPending) return <LoadingState />;
  const parentName = selected?.parent_id ? index.get(selected.parent_id) : undefined;
  const mergedInto = selected?.merged_into_id ? index.get(selected.merged_into_id) : undefined;
  // What the user may do with it, as the server says (all false for a past day).
  const actions = selected?.actions;
  const asOfLabel = asOf ? formatDate(asOf, language) : '';
  const labelOf = (node: AgencyTreeNode | undefined) => (node ? `${node.code} — ${node.name}` : undefined);

  return (
    <div className="page">
      <Flex justify="space-between" align="center" wrap gap={8} className="page-header">
        <Typography.Title level={1} className="page-title" style={{ margin: 0 }}>
          {t('agencies.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('agencies.count', { count: formatNumber(index.size, language) })}</Typography.Text>
      </Flex>
      {asOf && (
        <Alert
          type="info"
          showIcon
          icon={<HistoryOutlined />}
          className="as-of-banner"
          data-testid="as-of-banner"
          style={{ marginBottom: 16 }}
          message={t('agencies.asOfBanner', { date: asOfLabel })}
          action={
            <Button size="small" onClick={() => setAsOf(null)}>
              {t('agencies.asOfToday')}
            </Button>
          }
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12} xl={13}>
          <Card size="small" title={t('agencies.title')} extra={<Button type="text" icon={<ReloadOutlined />} aria-label={t('common.reload')} onClick={() => void tree.refetch()} loading={tree.isFetching} />}>
            <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
              <label className="inline-field as-of-field">
                <span>{t('agencies.asOf')}</span>
                <DatePicker
                  allowClear
                  aria-label={t('agencies.asOf')}
                  data-testid="as-of-picker"
                  placeholder={t('agencies.asOfPlaceholder')}
                  format={language === 'vi' ? 'DD/MM/YYYY' : 'D MMM YYYY'}
                  value={asOf ? dayjs(asOf) : null}
                  disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                  onChange={(d) => setAsOf(d ? d.format('YYYY-MM-DD') : null)}
                />
              </label>
              <Input.Search
                allowClear
                placeholder={t('agencies.filter')}
                aria-label={t('agencies.filter')}
                value={filter}
                onChange={(e) => setFilter(e.target.value)}
                style={{ flex: '1 1 260px' }}
              />
            </Flex>
            {tree.isPending ? (
              <LoadingState />
            ) : tree.isError && !notYet ? (
              <ErrorState error={tree.error} onRetry={() => void tree.refetch()} />
            ) : notYet ? (
              <EmptyState description={t('agencies.asOfNotYet', { date: asOfLabel })} />
            ) : treeData.length === 0 ? (
              <EmptyState description={filter ? t('agencies.noMatch') : t('agencies.empty')} />
            ) : (
              // A scrolling box of its own (not antd's virtual list, whose scroller no keyboard reaches).
              <div className="agency-tree-scroll" role="region" aria-label={t('agencies.title')} tabIndex={0}>
                <Tree
                  className="agency-tree"
                  data-testid="agency-tree"
                  showLine
                  blockNode
                  treeData={treeData}
                  expandedKeys={expandedKeys}
                  onExpand={(keys) => setExpanded(keys.map(String))}
                  selectedKeys={selectedId ? [selectedId] : []}
                  onSelect={(keys) => keys[0] !== undefined && setSelectedId(String(keys[0]))}
                />
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12} xl={11}>
          <Card
            size="small"
            title={selected ? `${selected.code} — ${selected.name}` : t('agencies.selectHint')}
            extra={
              actions && (actions.edit || actions.add_child) && (
                <Space wrap>
                  {actions.edit && (
                    <Button icon={<EditOutlined />} onClick={() => setDialog('edit')}>
                      {t('common.edit')}
                    </Button>
                  )}
                  {actions.add_child && (
                    <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('create')}>
                      {t('agencies.addChild')}
                    </Button>
                  )}
                </Space>
              )
            }
          >
            {details.isPending && selectedId ? (
              <LoadingState />
            ) : details.isError && asOf && isNotFound(details.error) ? (
              <EmptyState description={t('agencies.asOfNotYet', { date: asOfLabel })} />
            ) : details.isError ? (
              <ErrorState error={details.error} onRetry={() => void details.refetch()} />
            ) : selected ? (
              <>
              <Descriptions column={1} size="small" bordered labelStyle={{ width: 160 }}>
                <Descriptions.Item label={t('agencies.code')}>{selected.code}</Descriptions.Item>
                <Descriptions.Item label={t('agencies.name')}>{selected.name}</Descriptions.Item>
                <Descriptions.Item label={t('agencies.kind')}>{t(`kind.${selected.kind}`)}</Descriptions.Item>
                <Descriptions.Item label={t('common.status')}>
                  <Tag color={STATUS_COLOR[selected.status]}>{t(`agencyStatus.${selected.status}`)}</Tag>
                </Descriptions.Item>
                <Descriptions.Item label={t('agencies.parent')}>{parentName ? `${parentName.code} — ${parentName.name}` : t('common.none')}</Descriptions.Item>
                {mergedInto && <Descriptions.Item label={t('agencies.mergedInto')}>{`${mergedInto.code} — ${mergedInto.name}`}</Descriptions.Item>}
                {splitSuccessors.length > 0 && (
                  <Descriptions.Item label={t('lineage.successors')}>
                    <LineageList steps={splitSuccessors} direction="successors" />
                  </Descriptions.Item>
                )}
                {predecessors.length > 0 && (
                  <Descriptions.Item label={t('lineage.predecessors')}>
                    <LineageList steps={predecessors} direction="predecessors" />
                  </Descriptions.Item>
                )}
                <Descriptions.Item label={t('agencies.establishedOn')}>
                  <span className="agency-established-on">{formatDate(selected.established_on, language)}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('agencies.depth')}>{formatNumber(selected.depth, language)}</Descriptions.Item>
                <Descriptions.Item label={t('agencies.createdAt')}>{formatDateTime(selected.created_at, language)}</Descriptions.Item>
                {/* A past state's updated_at is when that state began. */}
                <Descriptions.Item label={t(asOf ? 'agencies.asOfSince' : 'agencies.updatedAt')}>{formatDateTime(selected.updated_at, language)}</Descriptions.Item>
              </Descriptions>
              {actions && (actions.merge || actions.dissolve) && (
                <Flex justify="space-between" align="center" gap={8} wrap style={{ marginTop: 12 }} className="reorg-actions">
                  <Typography.Text type="secondary">{t('merge.hint')}</Typography.Text>
                  <Space wrap>
                    {actions.merge && (
                      <Button danger icon={<MergeCellsOutlined />} onClick={() => setDialog('merge')}>
                        {t('merge.action')}
                      </Button>
                    )}
                    {actions.merge && (
                      <Button danger icon={<SplitCellsOutlined />} onClick={() => setDialog('split')}>
                        {t('split.action')}
                      </Button>
                    )}
                    {actions.dissolve && (
                      <Button danger icon={<StopOutlined />} onClick={() => setDialog('dissolve')}>
                        {t('dissolve.action')}
                      </Button>
                    )}
                  </Space>
                </Flex>
              )}
              {actions?.undo_merge && (
                <Flex justify="space-between" align="center" gap={8} wrap style={{ marginTop: 12 }} className="reorg-actions">
                  <Typography.Text type="secondary">{t('undoMerge.hint')}</Typography.Text>
                  <Button danger icon={<UndoOutlined />} onClick={() => setDialog('undo')}>
                    {t('undoMerge.action')}
                  </Button>
                </Flex>
              )}
              {actions?.delete && (
                <Flex justify="space-between" align="center" gap={8} wrap style={{ marginTop: 12 }} className="reorg-actions delete-action">
                  <Typography.Text type="secondary">{t('deleteAgency.hint')}</Typography.Text>
                  <Button danger icon={<DeleteOutlined />} onClick={() => setDialog('delete')}>
                    {t('deleteAgency.action')}
                  </Button>
                </Flex>
              )}
              </>
            ) : (
              <EmptyState description={t('agencies.selectHint')} />
            )}
          </Card>
        </Col>
      </Row>

      {selected && !asOf && (
        <>
          {dialog === 'create' && (
          <AgencyFormModal
            title={t('agencies.createTitle', { parent: selected.name })}
            parentLabel={`${selected.code} — ${selected.name}`}
            withEstablishedOn
            onClose={() => setDialog(null)}
            onSubmit={async (values) => {
              const created = await createAgency.mutateAsync({ ...values, parent_id: selected.id });
              setExpanded(expanded.includes(selected.id) ? expanded : [...expanded, selected.id]);
              void message.success(t('agencies.created', { code: created.code }));
            }}
          />
          )}
          {dialog === 'merge' && tree.data && (
            <MergeAgencyModal
              source={selected}
              root={tree.data}
              onClose={() => setDialog(null)}
              onMerged={(intoId) => {
                setDialog(null);
                setSelectedId(intoId);
                void details.refetch();
              }}
            />
          )}
          {dialog === 'split' && tree.data && (
            <SplitAgencyModal
              source={selected}
              root={tree.data}
              onClose={() => setDialog(null)}
              onSplit={() => {
                setDialog(null);
                void details.refetch();
                void lineage.refetch();
              }}
            />
          )}
          {dialog === 'dissolve' && (
            <DissolveAgencyModal
              agency={selected}
              parentLabel={labelOf(parentName)}
              onDissolve={() => dissolveAgency.mutateAsync(selected.id)}
              onClose={() => setDialog(null)}
            />
          )}
          {dialog === 'undo' && (
            <UndoMergeModal
              agency={selected}
              successorLabel={labelOf(mergedInto)}
              onUndo={async () => {
                const report = await undoMerge.mutateAsync(selected.id);
                // Back under its former parent: open the way to it in the tree.
                const fresh = await tree.refetch();
                const path = ancestorIds(indexAgencyTree(fresh.data), selected.id);
                setExpanded([...new Set([...expanded, ...path])]);
                return report;
              }}
              onClose={() => setDialog(null)}
            />
          )}
          {dialog === 'delete' && (
            <DeleteAgencyModal
              agency={selected}
              parentLabel={labelOf(parentName)}
              onDelete={async () => {
                await deleteAgency.mutateAsync({ id: selected.id, etag: details.data?.etag ?? '' });
                // Off the deleted agency at once (its details would now be a 404): to its parent.
                setDialog(null);
                setSelectedId(selected.parent_id ?? undefined);
              }}
              onClose={() => setDialog(null)}
            />
          )}
          {dialog === 'edit' && (
          <AgencyFormModal
            title={t('agencies.editTitle', { name: selected.name })}
            initial={selected}
            identityEditable={selected.actions.edit_identity}
            onClose={() => setDialog(null)}
            onSubmit={async (values) => {
              // Without `edit_identity` only the name may change; code and kind are not sent.
              const body = selected.actions.edit_identity ? values : { name: values.name };
              await updateAgency.mutateAsync({ id: selected.id, etag: details.data?.etag ?? '', body });
              void message.success(t('common.saved'));
            }}
            onReloadStale={async () => {
              const fresh = await details.refetch();
              void tree.refetch();
              return fresh.data?.agency;
            }}
          />
          )}
        </>
      )}
    </div>
  );
}
