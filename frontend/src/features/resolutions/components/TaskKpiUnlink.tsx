import { DisconnectOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm } from 'antd';
import type { Indicator } from '../../../api/models';
import { describeError } from '../../../lib/describe-error';
import { useI18n } from '../../../lib/i18n/i18n';
import { useSetIndicatorTask } from '../api/task-kpis';

/**
 * "Bỏ liên kết": detaches a KPI from the task after a confirmation naming it (shown only where the
 * indicator's `actions.edit` allows; the figures stay with the indicator, the task's progress stays).
 */
export function TaskKpiUnlink({ indicator }: { indicator: Indicator }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const unlink = useSetIndicatorTask();
  return (
    <Popconfirm
      title={t('plan.kpi.unlinkConfirm', { code: indicator.code })}
      description={indicator.drives_task_progress ? t('plan.kpi.unlinkDrives') : undefined}
      okText={t('plan.kpi.unlink')}
      cancelText={t('common.cancel')}
      onConfirm={() => {
        void unlink.mutateAsync({ indicatorId: indicator.id, taskId: null }).then(
          () => void message.success(t('plan.kpi.unlinked', { code: indicator.code })),
          (error: unknown) => void message.error(describeError(error, t)),
        );
      }}
    >
      <Button size="small" icon={<DisconnectOutlined />} loading={unlink.isPending} aria-label={t('plan.kpi.unlinkNamed', { code: indicator.code })}>
        {t('plan.kpi.unlink')}
      </Button>
    </Popconfirm>
  );
}
