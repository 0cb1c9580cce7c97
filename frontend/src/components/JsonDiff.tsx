import { Table, Tooltip, Typography } from 'antd';
import { auditFieldLabel, auditValueLabel } from '../lib/audit-labels';
import { useI18n } from '../lib/i18n/i18n';
import { diffRecords, type FieldChange } from '../lib/record-diff';

/**
 * Before/after of one audit record as a field table: removed values struck through, new ones highlighted;
 * fields and values by name in the user's language (`entityType` picks the names of a `status`).
 */
export function JsonDiff({ before, after, entityType }: { before: unknown; after: unknown; entityType?: string }) {
  const { t, language } = useI18n();
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
        {
          title: t('audit.field'),
          dataIndex: 'field',
          width: 200,
          // The field's name in the user's language, its code on hover; a field with no name shows its code.
          render: (f: string) => {
            const label = auditFieldLabel(f, t);
            return label ? (
              <Tooltip title={f}>
                <span data-field={f}>{label}</span>
              </Tooltip>
            ) : (
              <Typography.Text code>{f}</Typography.Text>
            );
          },
        },
        {
          title: t('audit.before'),
          key: 'before',
          render: (_, c) => <span className={c.kind === 'changed' || c.kind === 'removed' ? 'diff-old' : undefined}>{auditValueLabel(c.field, c.before, entityType, t, language)}</span>,
        },
        {
          title: t('audit.after'),
          key: 'after',
          render: (_, c) => <span className={c.kind === 'changed' || c.kind === 'added' ? 'diff-new' : undefined}>{auditValueLabel(c.field, c.after, entityType, t, language)}</span>,
        },
      ]}
    />
  );
}
