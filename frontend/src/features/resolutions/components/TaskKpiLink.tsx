import { LinkOutlined } from '@ant-design/icons';
import { App, Button, Flex, Form } from 'antd';
import { FormSelect } from '../../../components/FormSelect';
import { useState } from 'react';
import { describeError } from '../../../lib/describe-error';
import { useI18n } from '../../../lib/i18n/i18n';
import { useLinkableIndicators, useSetIndicatorTask } from '../api/task-kpis';

/** "Liên kết chỉ tiêu": picks an indicator the caller may edit and makes it a KPI of this task. */
export function TaskKpiLink({ taskId }: { taskId: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const linkable = useLinkableIndicators(taskId, search, open);
  const link = useSetIndicatorTask();
  const options = (linkable.data ?? []).map((i) => ({ value: i.id, label: `${i.code} — ${i.name}` }));

  if (!open)
    return (
      <Button size="small" icon={<LinkOutlined />} onClick={() => setOpen(true)}>
        {t('kpiLink.open')}
      </Button>
    );
  const submit = async () => {
    if (!chosen) {
      setError(t('kpiLink.pick'));
      return;
    }
    try {
      await link.mutateAsync({ indicatorId: chosen, taskId });
      void message.success(t('kpiLink.linked'));
      setOpen(false);
      setChosen(undefined);
    } catch (e) {
      setError(describeError(e, t));
    }
  };
  return (
    <Form layout="vertical" className="kpi-link" onFinish={() => void submit()}>
      <Flex gap={8} wrap align="flex-end">
        <Form.Item label={t('kpiLink.indicator')} htmlFor="kpi-link-indicator" validateStatus={error ? 'error' : undefined} help={error} style={{ flex: '1 1 320px', marginBottom: 0 }}>
          <FormSelect
            id="kpi-link-indicator"
            showSearch
            filterOption={false}
            onSearch={setSearch}
            loading={linkable.isFetching}
            value={chosen}
            onChange={(v: string) => {
              setChosen(v);
              setError(null);
            }}
            options={options}
            notFoundContent={t('kpiLink.none')}
            popupMatchSelectWidth={false}
          />
        </Form.Item>
        <Button onClick={() => setOpen(false)}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={link.isPending}>
          {t('kpiLink.submit')}
        </Button>
      </Flex>
    </Form>
  );
}
