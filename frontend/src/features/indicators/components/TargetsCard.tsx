import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, Skeleton, Table, Typography } from 'antd';
import { FormTreeSelect } from '../../../components/FormSelect';
import { useState } from 'react';
import type { Indicator, InterimTarget } from '../../../api/models';
import { ErrorState } from '../../../components/PageState';
import type { AgencyOption } from '../../../lib/agency-tree';
import { formatValue } from '../../../lib/format';
import { useI18n, type MessageKey } from '../../../lib/i18n/i18n';
import { describePeriod } from '../../../lib/periods';
import { useFormSubmit } from '../../../lib/use-form-submit';
import { usePutTargets, useTargets } from '../api/indicator-edit';
import { ALL_AGENCIES, checkTargetPeriod, checkTargetValue, duplicateRows, targetsToRows, toPutTargetsBody, type TargetsFormValues } from './targets-form';

interface Props {
  indicator: Indicator;
  agencyOptions: AgencyOption[];
  nameOf: (id: string) => string | undefined;
}

/** "Mục tiêu": baseline, final target and the interim targets per agency and period; editable when `actions.set_targets`. */
export function TargetsCard({ indicator, agencyOptions, nameOf }: Props) {
  const { t, language } = useI18n();
  const targets = useTargets(indicator.id);
  const [editing, setEditing] = useState(false);
  const fmt = (v: number | null | undefined) => formatValue(v, indicator.value_type, indicator.unit, language, t);
  const at = (v: number | null | undefined, p: string | null | undefined) =>
    v === null || v === undefined ? t('indicators.notSet') : p ? t('indicators.atPeriod', { value: fmt(v), period: describePeriod(p, t) }) : fmt(v);
  const agencyName = (id: string | null | undefined) => (id ? (nameOf(id) ?? t('indicators.otherAgency')) : t('plan.allAgencies'));
  const canEdit = indicator.actions.set_targets;

  return (
    <Card
      size="small"
      className="section targets-card"
      data-testid="targets-card"
      title={t('plan.targets.title')}
      extra={
        canEdit && !editing && targets.data ? (
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)}>
            {t('plan.targets.edit')}
          </Button>
        ) : undefined
      }
    >
      {targets.isPending ? (
        <Skeleton active />
      ) : targets.isError ? (
        <ErrorState error={targets.error} onRetry={() => void targets.refetch()} />
      ) : (
        <>
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('indicators.baseline')}>{at(targets.data.baseline_value, targets.data.baseline_period)}</Descriptions.Item>
            <Descriptions.Item label={t('plan.finalTarget')}>{at(targets.data.target_value, targets.data.target_period)}</Descriptions.Item>
          </Descriptions>
          {editing ? (
            <TargetsForm indicator={indicator} interim={targets.data.interim} agencyOptions={agencyOptions} onClose={() => setEditing(false)} />
          ) : (
            <Table<InterimTarget>
              size="small"
              rowKey={(r) => `${r.agency_id ?? ''}|${r.period}`}
              dataSource={targets.data.interim}
              pagination={false}
              locale={{ emptyText: <Typography.Text type="secondary">{t('plan.targets.empty')}</Typography.Text> }}
              columns={[
                { title: t('plan.targets.agency'), key: 'agency', render: (_: unknown, r) => agencyName(r.agency_id) },
                { title: t('indicators.period'), dataIndex: 'period', key: 'period', render: (p: string) => describePeriod(p, t) },
                { title: t('plan.targets.value'), dataIndex: 'value', key: 'value', align: 'right', render: (v: number) => fmt(v) },
              ]}
            />
          )}
        </>
      )}
    </Card>
  );
}

function TargetsForm({ indicator, interim, agencyOptions, onClose }: { indicator: Indicator; interim: InterimTarget[]; agencyOptions: AgencyOption[]; onClose: () => void }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<TargetsFormValues>();
  const put = usePutTargets(indicator.id);
  const cellLabel = (field: string, index: number) =>
    t(field === 'agency_id' ? 'plan.targets.agencyN' : field === 'period' ? 'plan.targets.periodN' : 'plan.targets.valueN', { n: index + 1 });
  const { run, saving, formMessage } = useFormSubmit(form, [] as const, {}, { list: 'interim', labelOf: cellLabel });
  const options = [{ value: ALL_AGENCIES, title: t('plan.allAgencies'), children: [] }, ...agencyOptions];
  const rule = (check: (v: string | undefined) => MessageKey | null) => ({
    validator: (_: unknown, v: string | undefined) => (check(v) ? Promise.reject(new Error(t(check(v) as MessageKey))) : Promise.resolve()),
  });
  const submit = async (values: TargetsFormValues) => {
    const repeated = duplicateRows(values.interim ?? []);
    if (repeated.length > 0) {
      form.setFields(repeated.map((i) => ({ name: ['interim', i, 'period'], errors: [t('plan.targets.duplicate')] })));
      return;
    }
    if (await run(() => put.mutateAsync(toPutTargetsBody(values)))) {
      void message.success(t('common.saved'));
      onClose();
    }
  };

  return (
    <Form<TargetsFormValues> form={form} name="targets" layout="vertical" scrollToFirstError initialValues={{ interim: targetsToRows(interim, language) }} onFinish={(v) => void submit(v)}>
      {formMessage && <Alert type="error" showIcon role="alert" className="form-alert" message={formMessage} />}
      <Form.List name="interim">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, index) => (
              <Flex key={field.key} gap={12} wrap align="flex-start" className="target-row">
                <Form.Item label={t('plan.targets.agencyN', { n: index + 1 })} name={[field.name, 'agency_id']} style={{ flex: '2 1 240px' }}>
                  <FormTreeSelect treeData={options} showSearch treeNodeFilterProp="title" popupMatchSelectWidth={false} />
                </Form.Item>
                <Form.Item
                  label={t('plan.targets.periodN', { n: index + 1 })}
                  name={[field.name, 'period']}
                  extra={t(`plan.periodHint.${indicator.frequency}`)}
                  rules={[rule((v) => checkTargetPeriod(v, indicator.frequency))]}
                  style={{ flex: '1 1 140px' }}
                >
                  <Input autoComplete="off" />
                </Form.Item>
                <Form.Item
                  label={t('plan.targets.valueN', { n: index + 1 })}
                  name={[field.name, 'value']}
                  rules={[rule((v) => checkTargetValue(v, indicator.value_type))]}
                  style={{ flex: '1 1 140px' }}
                >
                  <Input inputMode="decimal" autoComplete="off" />
                </Form.Item>
                <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('plan.targets.removeN', { n: index + 1 })} onClick={() => remove(field.name)} style={{ marginTop: 30 }} />
              </Flex>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ agency_id: ALL_AGENCIES, period: '', value: '' })}>
              {t('plan.targets.add')}
            </Button>
          </>
        )}
      </Form.List>
      <Flex justify="flex-end" gap={8} style={{ marginTop: 16 }}>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={saving}>
          {t('plan.targets.save')}
        </Button>
      </Flex>
    </Form>
  );
}
