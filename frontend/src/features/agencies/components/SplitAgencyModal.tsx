import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert as AntAlert, App, Button, DatePicker, Descriptions, Flex, Form, Input, Modal, TreeSelect, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import type { Agency, AgencyTreeNode, SplitReport } from '../../../api/models';
import { agencyTreeOptions, indexAgencyTree } from '../../../lib/agency-tree';
import { formatNumber } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { ApiError } from '../../../lib/problem';
import { useSplitAgency } from '../api/agencies';
import { MERGE_COUNTS } from './merge-preview';
import { describeReorgError, type ReorgRefusal } from './reorg';
import { canConfirmSplit, formatDecimal, formatShare, mapSplitErrors, parseShare, toSplitBody, type RowErrors, type SplitRow } from './split-form';

interface Props {
  source: Agency;
  root: AgencyTreeNode;
  onClose: () => void;
  onSplit: () => void;
}

/**
 * Splits an agency between two or more successors with their shares: preview (dry run) first, then
 * confirm. The shares go out as typed; the server's refusals are shown at the row and field they name.
 */
export function SplitAgencyModal({ source, root, onClose, onSplit }: Props) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const [rows, setRows] = useState<SplitRow[]>([
    { key: 0, share: '' },
    { key: 1, share: '' },
  ]);
  const [effectiveOn, setEffectiveOn] = useState<Dayjs | null>(() => dayjs());
  const [preview, setPreview] = useState<SplitReport | null>(null);
  const [rowErrors, setRowErrors] = useState<RowErrors[]>([]);
  const [dateError, setDateError] = useState<string | undefined>(undefined);
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [refusal, setRefusal] = useState<(ReorgRefusal & { code: string | null }) | null>(null);
  const split = useSplitAgency();
  const options = useMemo(() => [agencyTreeOptions(root)], [root]);
  const index = useMemo(() => indexAgencyTree(root), [root]);
  const labelOf = (id: string) => {
    const node = index.get(id);
    return node ? `${node.code} — ${node.name}` : id;
  };

  const effectiveIso = effectiveOn ? effectiveOn.format('YYYY-MM-DD') : null;
  const built = toSplitBody(rows, effectiveIso, t);
  const shares = rows.map((r) => parseShare(r.share));
  const sum = shares.every((s) => s !== null) ? shares.reduce<number>((total, s) => total + (s ?? 0), 0) : null;

  const clearMessages = () => {
    setRowErrors([]);
    setDateError(undefined);
    setFormErrors([]);
    setRefusal(null);
  };
  const edit = (change: () => void) => {
    change();
    setPreview(null);
  };
  const setRow = (key: number, patch: Partial<SplitRow>) => edit(() => setRows((current) => current.map((r) => (r.key === key ? { ...r, ...patch } : r))));

  const run = (dryRun: boolean) => {
    clearMessages();
    const result = toSplitBody(rows, effectiveIso, t);
    if (!result.body) {
      setRowErrors(result.rowErrors);
      return;
    }
    const body = result.body;
    split.mutate(
      { id: source.id, body, dryRun },
      {
        onSuccess: (report) => {
          if (dryRun) setPreview(report);
          else {
            void message.success(t('split.done', { name: source.name }));
            onSplit();
          }
        },
        onError: (error) => {
          setPreview(null);
          if (error instanceof ApiError && error.status === 422 && error.problem?.errors?.length) {
            const mapped = mapSplitErrors(error.problem, body, rows.length, t, language);
            setRowErrors(mapped.rows);
            setDateError(mapped.effectiveOn);
            setFormErrors(mapped.form);
          } else {
            setRefusal({ ...describeReorgError(error, t), code: error instanceof ApiError ? (error.problem?.code ?? null) : null });
          }
        },
      },
    );
  };

  const principal = preview ? preview.successors.find((s) => s.agency_id === preview.principal_id) : undefined;

  return (
    <Modal
      open
      width={680}
      className="split-dialog"
      title={t('split.title', { name: `${source.code} — ${source.name}` })}
      onCancel={onClose}
      maskClosable={!split.isPending}
      footer={
        <Flex gap={8} justify="flex-end" wrap>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button loading={split.isPending && split.variables?.dryRun} onClick={() => run(true)}>
            {t('split.preview')}
          </Button>
          <Button
            type="primary"
            danger
            disabled={!canConfirmSplit(preview, source.id, built.body)}
            loading={split.isPending && split.variables?.dryRun === false}
            onClick={() => run(false)}
          >
            {t('split.confirm')}
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{t('split.help')}</Typography.Paragraph>
      <Form layout="vertical" component="div" className="split-form">
        {rows.map((row, i) => {
          const errors = rowErrors[i] ?? {};
          return (
            <Flex key={row.key} gap={8} align="flex-start" className="split-row" data-row={i}>
              <Form.Item
                label={i === 0 ? t('split.successor') : undefined}
                validateStatus={errors.agency ? 'error' : undefined}
                help={errors.agency}
                style={{ flex: '1 1 auto', minWidth: 0, marginBottom: 12 }}
              >
                <TreeSelect
                  showSearch
                  treeNodeFilterProp="title"
                  aria-label={t('split.successorN', { n: i + 1 })}
                  className="split-successor"
                  treeData={options}
                  value={row.agencyId}
                  onChange={(v: string) => setRow(row.key, { agencyId: v })}
                  popupMatchSelectWidth={false}
                  placeholder={t('split.successorPlaceholder')}
                  style={{ width: '100%' }}
                />
              </Form.Item>
              <Form.Item
                label={i === 0 ? t('split.share') : undefined}
                validateStatus={errors.share ? 'error' : undefined}
                help={errors.share}
                style={{ flex: '0 0 150px', marginBottom: 12 }}
              >
                <Input
                  inputMode="decimal"
                  autoComplete="off"
                  className="split-share"
                  aria-label={t('split.shareN', { n: i + 1 })}
                  placeholder={t('split.sharePlaceholder')}
                  value={row.share}
                  onChange={(e) => setRow(row.key, { share: e.target.value })}
                />
              </Form.Item>
              <Button
                type="text"
                icon={<DeleteOutlined />}
                aria-label={t('split.removeRow', { n: i + 1 })}
                disabled={rows.length <= 2}
                onClick={() => edit(() => setRows((current) => current.filter((r) => r.key !== row.key)))}
                style={{ marginTop: i === 0 ? 30 : 0 }}
              />
            </Flex>
          );
        })}
        <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
          <Button
            icon={<PlusOutlined />}
            onClick={() => edit(() => setRows((current) => [...current, { key: Math.max(...current.map((r) => r.key)) + 1, share: '' }]))}
          >
            {t('split.addRow')}
          </Button>
          <Typography.Text type="secondary" className="split-sum">
            {sum === null ? '' : t('split.total', { sum: formatDecimal(sum, language) })}
          </Typography.Text>
        </Flex>
        <Form.Item label={t('split.effectiveOn')} validateStatus={dateError ? 'error' : undefined} help={dateError} style={{ marginBottom: 12 }}>
          <DatePicker
            aria-label={t('split.effectiveOn')}
            className="split-effective-on"
            format={language === 'vi' ? 'DD/MM/YYYY' : 'D MMM YYYY'}
            value={effectiveOn}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            onChange={(d) => edit(() => setEffectiveOn(d))}
          />
        </Form.Item>
      </Form>
      {formErrors.length > 0 && (
        <AntAlert
          type="error"
          showIcon
          role="alert"
          className="form-alert split-refusal"
          data-field="successors"
          message={t('split.refused')}
          description={formErrors.map((text) => (
            <div key={text}>{text}</div>
          ))}
        />
      )}
      {refusal && (
        <AntAlert
          type="error"
          showIcon
          role="alert"
          className="form-alert reorg-refusal"
          data-code={refusal.code ?? undefined}
          message={refusal.title}
          description={refusal.detail ?? undefined}
        />
      )}
      {preview && (
        <div className="split-preview merge-preview">
          <AntAlert
            type="info"
            showIcon
            className="split-principal"
            style={{ marginBottom: 12 }}
            message={t('split.principal', {
              agency: labelOf(preview.principal_id),
              share: principal ? formatShare(principal.share, language) : '',
            })}
            description={preview.successors
              .filter((s) => s.agency_id !== preview.principal_id)
              .map((s) => (
                <div key={s.agency_id}>{t('split.other', { agency: labelOf(s.agency_id), share: formatShare(s.share, language) })}</div>
              ))}
          />
          <Descriptions column={1} size="small" bordered labelStyle={{ width: 300 }}>
            {MERGE_COUNTS.map((k) => (
              <Descriptions.Item key={k} label={t(`merge.count.${k}`)}>
                {formatNumber(preview.handed_over[k], language)}
              </Descriptions.Item>
            ))}
          </Descriptions>
        </div>
      )}
    </Modal>
  );
}
