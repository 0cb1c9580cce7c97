import { Table, Typography } from 'antd';
import { useI18n } from '../lib/i18n/i18n';
import { diffRecords, showValue, type FieldChange } from '../lib/record-diff';

/** Before/after of one audit record as a field table: removed values struck through, new ones highlighted. */
export function JsonDiff({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useI18n();
  const changes = diffRecords(before, after);
  if (changes.length === 0) return <Typography.Text type="secondary">{t('audit.noChanges')}</Typography.Text>;
  return (
    <Table<FieldChange>
      className="json-diff"
      size="small"
      rowKey="field"
      pagination={false}
      dataSource={changes}
      rowClassName={(c) => `diff-${c.kind}`}
      columns={[
        { title: t('audit.field'), dataIndex: 'field', width: 180, render: (f: string) => <Typography.Text code>{f}</Typography.Text> },
        {
          title: t('audit.before'),
          key: 'before',
          render: (_, c) => <span className={c.kind === 'changed' || c.kind === 'removed' ? 'diff-old' : undefined}>{showValue(c.before)}</span>,
        },
        {
          title: t('audit.after'),
          key: 'after',
          render: (_, c) => <span className={c.kind === 'changed' || c.kind === 'added' ? 'diff-new' : undefined}>{showValue(c.after)}</span>,
        },
      ]}
    />
  );
}
