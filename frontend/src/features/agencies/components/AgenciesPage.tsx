import { EditOutlined, MergeCellsOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Flex, Input, Row, Space, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useMemo, useState } from 'react';
import type { AgencyStatus, AgencyTreeNode } from '../../../api/models';
import { EmptyState, ErrorState, LoadingState } from '../../../components/PageState';
import { indexAgencyTree, useAgencyTree } from '../../../lib/agency-tree';
import { useCurrentUser } from '../../../lib/current-user';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { useI18n, type Translate } from '../../../lib/i18n/i18n';
import { useAgency, useCreateAgency, useUpdateAgency } from '../api/agencies';
import { AgencyFormModal } from './AgencyFormModal';
import { MergeAgencyModal } from './MergeAgencyModal';
import { collectIds, filterAgencyTree } from './tree-filter';

const STATUS_COLOR: Record<AgencyStatus, string> = { active: 'green', merged: 'orange', dissolved: 'default' };

function toTreeNode(node: AgencyTreeNode, t: Translate): DataNode {
  return {
    key: node.id,
    title: (
      <span className="agency-node" data-code={node.code}>
        <Typography.Text code>{node.code}</Typography.Text> {node.name}
        {node.status !== 'active' && (
          <Tag color={STATUS_COLOR[node.status]} bordered={false} style={{ marginInlineStart: 6 }}>
            {t(`agencyStatus.${node.status}`)}
          </Tag>
        )}
      </span>
    ),
    children: node.children.map((child) => toTreeNode(child, t)),
  };
}

export function AgenciesPage() {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const rootId = me.data?.agency_id;
  const tree = useAgencyTree(rootId);
  const [filter, setFilter] = useState('');
  // Until the user picks something, the user's own agency is selected and expanded.
  const [picked, setSelectedId] = useState<string | undefined>(undefined);
  const [expandedByUser, setExpanded] = useState<string[] | null>(null);
  const [dialog, setDialog] = useState<'create' | 'edit' | 'merge' | null>(null);
  const selectedId = picked ?? rootId;
  const expanded = expandedByUser ?? (rootId ? [rootId] : []);

  const index = useMemo(() => indexAgencyTree(tree.data), [tree.data]);
  const visible = useMemo(() => (tree.data ? filterAgencyTree(tree.data, filter) : null), [tree.data, filter]);
  const treeData = useMemo(() => (visible ? [toTreeNode(visible, t)] : []), [visible, t]);
  const expandedKeys = filter.trim() && visible ? collectIds(visible) : expanded;

  const details = useAgency(selectedId);
  const createAgency = useCreateAgency();
  const updateAgency = useUpdateAgency();
  const selected = details.data?.agency;

  if (me.isPending || tree.isPending) return <LoadingState />;
  if (tree.isError) return <ErrorState error={tree.error} onRetry={() => void tree.refetch()} />;
  const parentName = selected?.parent_id ? index.get(selected.parent_id) : undefined;
  const mergedInto = selected?.merged_into_id ? index.get(selected.merged_into_id) : undefined;

  return (
    <div className="page">
      <Flex justify="space-between" align="center" wrap gap={8} className="page-header">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('agencies.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('agencies.count', { count: formatNumber(index.size, language) })}</Typography.Text>
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12} xl={13}>
          <Card size="small" title={t('agencies.title')} extra={<Button type="text" icon={<ReloadOutlined />} aria-label={t('common.reload')} onClick={() => void tree.refetch()} loading={tree.isFetching} />}>
            <Input.Search
              allowClear
              placeholder={t('agencies.filter')}
              aria-label={t('agencies.filter')}
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              style={{ marginBottom: 12 }}
            />
            {treeData.length === 0 ? (
              <EmptyState description={filter ? t('agencies.noMatch') : t('agencies.empty')} />
            ) : (
              <Tree
                className="agency-tree"
                data-testid="agency-tree"
                showLine
                blockNode
                height={520}
                treeData={treeData}
                expandedKeys={expandedKeys}
                onExpand={(keys) => setExpanded(keys.map(String))}
                selectedKeys={selectedId ? [selectedId] : []}
                onSelect={(keys) => keys[0] !== undefined && setSelectedId(String(keys[0]))}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12} xl={11}>
          <Card
            size="small"
            title={selected ? `${selected.code} — ${selected.name}` : t('agencies.selectHint')}
            extra={
              selected && (
                <Space wrap>
                  <Button icon={<EditOutlined />} onClick={() => setDialog('edit')}>
                    {t('common.edit')}
                  </Button>
                  <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('create')} disabled={selected.status !== 'active'}>
                    {t('agencies.addChild')}
                  </Button>
                </Space>
              )
            }
          >
            {details.isPending && selectedId ? (
              <LoadingState />
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
                <Descriptions.Item label={t('agencies.depth')}>{formatNumber(selected.depth, language)}</Descriptions.Item>
                <Descriptions.Item label={t('agencies.createdAt')}>{formatDateTime(selected.created_at, language)}</Descriptions.Item>
                <Descriptions.Item label={t('agencies.updatedAt')}>{formatDateTime(selected.updated_at, language)}</Descriptions.Item>
              </Descriptions>
              {selected.id !== rootId && selected.status === 'active' && (
                <Flex justify="space-between" align="center" gap={8} wrap style={{ marginTop: 12 }}>
                  <Typography.Text type="secondary">{t('merge.hint')}</Typography.Text>
                  <Button danger icon={<MergeCellsOutlined />} onClick={() => setDialog('merge')}>
                    {t('merge.action')}
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

      {selected && (
        <>
          {dialog === 'create' && (
          <AgencyFormModal
            title={t('agencies.createTitle', { parent: selected.name })}
            parentLabel={`${selected.code} — ${selected.name}`}
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
          {dialog === 'edit' && (
          <AgencyFormModal
            title={t('agencies.editTitle', { name: selected.name })}
            initial={selected}
            onClose={() => setDialog(null)}
            onSubmit={async (values) => {
              await updateAgency.mutateAsync({ id: selected.id, etag: details.data?.etag ?? '', body: values });
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
