import { Alert, App, Button, Flex, Popconfirm, Typography } from 'antd';
import { useState } from 'react';
import type { IndicatorValue } from '../../../api/models';
import { describeError } from '../../../lib/describe-error';
import { formatNumber } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { useBulkDecision } from '../api/indicators';
import { bulkRefusals, isBulkRefusal, refusalReason, type Refusal } from './bulk-refusal';
import { ReturnReasonModal } from './ReturnReasonModal';

export interface BulkRefusalState {
  action: 'approve' | 'return';
  /** The figures sent, in the order of the ids sent: `ids[i]` is `sent[i]`. */
  sent: IndicatorValue[];
  refusals: Refusal[];
}

interface BarProps {
  /** The selected figures, in the order their ids are sent. */
  selected: IndicatorValue[];
  /** How many rows of the page may be selected ("Chọn cả trang"). */
  selectable: number;
  onSelectPage: () => void;
  onClear: () => void;
  /** Everything was decided. */
  onDecided: () => void;
  /** Nothing was decided: the server refused these. */
  onRefused: (refusal: BulkRefusalState) => void;
}

/** "Duyệt N mục đã chọn" / "Trả lại N mục đã chọn": one decision for all the selected figures, or none. */
export function BulkDecisionBar({ selected, selectable, onSelectPage, onClear, onDecided, onRefused }: BarProps) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const decide = useBulkDecision();
  const [returning, setReturning] = useState(false);
  const count = selected.length;
  const shown = formatNumber(count, language);

  /** Runs the decision; a refusal is reported (nothing changed), other failures are thrown. */
  const run = async (reason?: string) => {
    const sent = [...selected];
    const ids = sent.map((v) => v.id);
    try {
      await (reason === undefined ? decide.mutateAsync({ kind: 'approve', ids }) : decide.mutateAsync({ kind: 'return', ids, reason }));
      void message.success(t(reason === undefined ? 'bulk.approved' : 'bulk.returned', { count: formatNumber(ids.length, language) }));
      onDecided();
    } catch (error) {
      if (!isBulkRefusal(error)) throw error;
      onRefused({ action: reason === undefined ? 'approve' : 'return', sent, refusals: bulkRefusals(error, ids) });
    }
  };

  return (
    <Flex gap={8} wrap align="center" className="bulk-bar" data-testid="bulk-bar">
      <Typography.Text strong={count > 0} type={count > 0 ? undefined : 'secondary'} className="bulk-count">
        {count > 0 ? t('bulk.selected', { count: shown }) : t('bulk.noneSelected')}
      </Typography.Text>
      <Button size="small" onClick={onSelectPage} disabled={selectable === 0}>
        {t('bulk.selectPage')}
      </Button>
      {count > 0 && (
        <Button size="small" type="text" onClick={onClear}>
          {t('bulk.clear')}
        </Button>
      )}
      <Flex gap={8} wrap style={{ marginInlineStart: 'auto' }}>
        <Popconfirm
          title={t('bulk.approveConfirm', { count: shown })}
          okText={t('values.approve')}
          cancelText={t('common.cancel')}
          disabled={count === 0}
          onConfirm={() => void run().catch((error: unknown) => void message.error(describeError(error, t)))}
        >
          <Button type="primary" disabled={count === 0} loading={decide.isPending && decide.variables.kind === 'approve'}>
            {t('bulk.approve', { count: shown })}
          </Button>
        </Popconfirm>
        <Button danger disabled={count === 0} onClick={() => setReturning(true)}>
          {t('bulk.return', { count: shown })}
        </Button>
      </Flex>
      {returning && <ReturnReasonModal summary={t('bulk.returnSummary', { count: shown })} onClose={() => setReturning(false)} onReturn={(reason) => run(reason)} />}
    </Flex>
  );
}

/** Nothing was decided: which selected figures the server refused, and why, in the user's words. */
export function BulkRefusalAlert({ refusal, describe, onDeselect, onClose }: { refusal: BulkRefusalState; describe: (v: IndicatorValue) => string; onDeselect: () => void; onClose: () => void }) {
  const { t, language } = useI18n();
  const n = (v: number) => formatNumber(v, language);
  const title = t(refusal.action === 'approve' ? 'bulk.refusedTitle.approve' : 'bulk.refusedTitle.return', { refused: n(refusal.refusals.length), count: n(refusal.sent.length) });
  return (
    <Alert
      type="error"
      showIcon
      closable
      onClose={onClose}
      role="alert"
      className="form-alert bulk-refusal"
      data-testid="bulk-refusal"
      message={title}
      description={
        <>
          <div>{t('bulk.refusedHelp')}</div>
          <ul className="bulk-refusal-list">
            {refusal.refusals.map((r) => {
              const value = refusal.sent[r.index];
              return (
                <li key={`${r.index}`}>
                  {t('bulk.refusedItem', { n: r.index + 1, what: value ? describe(value) : r.id, reason: t(refusalReason(r.code)) })}
                </li>
              );
            })}
          </ul>
          {refusal.refusals.length > 0 && (
            <Button size="small" onClick={onDeselect}>
              {t('bulk.deselectRefused')}
            </Button>
          )}
        </>
      }
    />
  );
}
