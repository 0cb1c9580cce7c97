import { Alert as AntAlert, App, Button, Descriptions, Empty, Flex, Modal, Table, TreeSelect, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { Agency, AgencyTreeNode, MergeConflict, MergeReport } from '../../../api/models';
import { agencyTreeOptions } from '../../../lib/agency-tree';
import { describeError } from '../../../lib/describe-error';
import { formatNumber } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { useMergeAgency } from '../api/agencies';
import { MERGE_COUNTS, canConfirmMerge } from './merge-preview';

/** Merge an agency into a successor: preview (dry run) first, then confirm. Nothing is deleted. */
export function MergeAgencyModal({ source, root, onClose, onMerged }: { source: Agency; root: AgencyTreeNode; onClose: () => void; onMerged: (intoId: string) => void }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const [intoId, setIntoId] = useState<string | undefined>(undefined);
  const [preview, setPreview] = useState<MergeReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const merge = useMergeAgency();
  const options = useMemo(() => [agencyTreeOptions(root)], [root]);

  const run = (dryRun: boolean) => {
    if (!intoId) return;
    setError(null);
    merge.mutate(
      { id: source.id, intoId, dryRun },
      {
        onSuccess: (report) => {
          if (dryRun) setPreview(report);
          else {
            void message.success(t('merge.done', { name: source.name }));
            onMerged(intoId);
          }
        },
        onError: (e) => setError(describeError(e, t)),
      },
    );
  };

  return (
    <Modal
      open
      width={640}
      title={t('merge.title', { name: `${source.code} — ${source.name}` })}
      onCancel={onClose}
      footer={
        <Flex gap={8} justify="flex-end" wrap>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button disabled={!intoId} loading={merge.isPending && merge.variables?.dryRun} onClick={() => run(true)}>
            {t('merge.preview')}
          </Button>
          <Button type="primary" danger disabled={!canConfirmMerge(preview, source.id, intoId)} loading={merge.isPending && merge.variables?.dryRun === false} onClick={() => run(false)}>
            {t('merge.confirm')}
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{t('merge.help')}</Typography.Paragraph>
      <label className="inline-field" style={{ marginBottom: 16 }}>
        <span>{t('merge.into')}</span>
        <TreeSelect
          showSearch
          treeNodeFilterProp="title"
          aria-label={t('merge.into')}
          treeData={options}
          value={intoId}
          onChange={(v: string) => {
            setIntoId(v);
            setPreview(null);
          }}
          popupMatchSelectWidth={false}
          style={{ width: 360, maxWidth: '100%' }}
        />
      </label>
      {error && <AntAlert type="error" showIcon message={error} className="form-alert" />}
      {preview && (
        <div className="merge-preview">
          <Descriptions column={1} size="small" bordered labelStyle={{ width: 300 }}>
            {MERGE_COUNTS.map((k) => (
              <Descriptions.Item key={k} label={t(`merge.count.${k}`)}>
                {formatNumber(preview[k], language)}
              </Descriptions.Item>
            ))}
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('merge.conflicts', { count: formatNumber(preview.conflicts.length, language) })}
          </Typography.Title>
          {preview.conflicts.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('merge.noConflicts')} />
          ) : (
            <>
              <Typography.Paragraph type="secondary">{t('merge.conflictRule')}</Typography.Paragraph>
              <Table<MergeConflict>
                size="small"
                rowKey={(c) => `${c.indicator_code}:${c.period}`}
                pagination={false}
                dataSource={preview.conflicts}
                columns={[
                  { title: t('merge.indicator'), dataIndex: 'indicator_code' },
                  { title: t('merge.period'), dataIndex: 'period' },
                  { title: t('merge.sourceValue'), dataIndex: 'source_value', align: 'right', render: (v: number) => formatNumber(v, language) },
                  { title: t('merge.successorValue'), dataIndex: 'successor_value', align: 'right', render: (v: number) => formatNumber(v, language) },
                ]}
              />
            </>
          )}
        </div>
      )}
    </Modal>
  );
}
