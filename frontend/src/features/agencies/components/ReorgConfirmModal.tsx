import { Alert, App, Button, Descriptions, Flex, Modal, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import type { Agency, UndoMergeReport } from '../../../api/models';
import { formatNumber } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { ApiError } from '../../../lib/problem';
import { describeReorgError, type ReorgRefusal } from './reorg';

interface ConfirmProps {
  title: string;
  help: string;
  summary: ReactNode;
  confirmText: string;
  className: string;
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
}

/**
 * Asks once, then runs the step. A refusal (409 `still_open`, `written_since` …) keeps the dialog
 * open with a headline and the server's own explanation.
 */
function ReorgConfirmModal({ title, help, summary, confirmText, className, onConfirm, onClose }: ConfirmProps) {
  const { t } = useI18n();
  const [pending, setPending] = useState(false);
  const [refusal, setRefusal] = useState<(ReorgRefusal & { code: string | null }) | null>(null);

  const confirm = async () => {
    setPending(true);
    setRefusal(null);
    try {
      await onConfirm();
      onClose();
    } catch (error) {
      setRefusal({ ...describeReorgError(error, t), code: error instanceof ApiError ? (error.problem?.code ?? null) : null });
    } finally {
      setPending(false);
    }
  };

  return (
    <Modal
      open
      width={600}
      title={title}
      className={className}
      onCancel={onClose}
      maskClosable={!pending}
      footer={
        <Flex gap={8} justify="flex-end" wrap>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" danger loading={pending} onClick={() => void confirm()}>
            {confirmText}
          </Button>
        </Flex>
      }
    >
      {summary}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {help}
      </Typography.Paragraph>
      {refusal && (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="form-alert reorg-refusal"
          data-code={refusal.code ?? undefined}
          message={refusal.title}
          description={refusal.detail ?? undefined}
        />
      )}
    </Modal>
  );
}

const label = (agency: Pick<Agency, 'code' | 'name'>) => `${agency.code} — ${agency.name}`;

/** "Giải thể": `POST /agencies/{id}/dissolve` after a confirmation. */
export function DissolveAgencyModal({ agency, parentLabel, onDissolve, onClose }: { agency: Agency; parentLabel?: string; onDissolve: () => Promise<Agency>; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  return (
    <ReorgConfirmModal
      className="dissolve-dialog"
      title={t('dissolve.title', { name: label(agency) })}
      help={t('dissolve.help')}
      confirmText={t('dissolve.confirm')}
      summary={
        <Descriptions column={1} size="small" bordered labelStyle={{ width: 180 }}>
          <Descriptions.Item label={t('agencies.name')}>{label(agency)}</Descriptions.Item>
          <Descriptions.Item label={t('agencies.parent')}>{parentLabel ?? t('common.none')}</Descriptions.Item>
        </Descriptions>
      }
      onConfirm={async () => {
        await onDissolve();
        void message.success(t('dissolve.done', { name: agency.name }));
      }}
      onClose={onClose}
    />
  );
}

/** "Xóa đơn vị": `DELETE /agencies/{id}` after a confirmation (an agency entered by mistake). */
export function DeleteAgencyModal({ agency, parentLabel, onDelete, onClose }: { agency: Agency; parentLabel?: string; onDelete: () => Promise<unknown>; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  return (
    <ReorgConfirmModal
      className="delete-agency-dialog"
      title={t('deleteAgency.title', { name: label(agency) })}
      help={t('deleteAgency.help')}
      confirmText={t('deleteAgency.confirm')}
      summary={
        <Descriptions column={1} size="small" bordered labelStyle={{ width: 180 }}>
          <Descriptions.Item label={t('agencies.name')}>{label(agency)}</Descriptions.Item>
          <Descriptions.Item label={t('agencies.parent')}>{parentLabel ?? t('common.none')}</Descriptions.Item>
        </Descriptions>
      }
      onConfirm={async () => {
        await onDelete();
        void message.success(t('deleteAgency.done', { name: agency.name }));
      }}
      onClose={onClose}
    />
  );
}

/** "Hoàn tác hợp nhất": `POST /agencies/{id}/merge/undo` after a confirmation; says what came back. */
export function UndoMergeModal({ agency, successorLabel, onUndo, onClose }: { agency: Agency; successorLabel?: string; onUndo: () => Promise<UndoMergeReport>; onClose: () => void }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  return (
    <ReorgConfirmModal
      className="undo-merge-dialog"
      title={t('undoMerge.title', { name: label(agency) })}
      help={t('undoMerge.help')}
      confirmText={t('undoMerge.confirm')}
      summary={
        <Descriptions column={1} size="small" bordered labelStyle={{ width: 180 }}>
          <Descriptions.Item label={t('agencies.name')}>{label(agency)}</Descriptions.Item>
          <Descriptions.Item label={t('agencies.mergedInto')}>{successorLabel ?? t('common.none')}</Descriptions.Item>
        </Descriptions>
      }
      onConfirm={async () => {
        const report = await onUndo();
        void message.success({
          className: 'undo-merge-done',
          duration: 6,
          content: t('undoMerge.done', {
            name: agency.name,
            tasks: formatNumber(report.tasks_returned, language),
            users: formatNumber(report.users_returned, language),
            children: formatNumber(report.child_agencies_returned, language),
          }),
        });
      }}
      onClose={onClose}
    />
  );
}
