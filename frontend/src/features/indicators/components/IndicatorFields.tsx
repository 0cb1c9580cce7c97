import { Checkbox, Flex, Form, Input, Radio } from 'antd';
import { FormSelect, FormTreeSelect } from '../../../components/FormSelect';
import type { RuleObject } from 'antd/es/form';
import { AGENCY_KINDS, AGGREGATIONS, DIRECTIONS, FREQUENCIES, INDICATOR_GROUPS, VALUE_TYPES, type Indicator, type ValueType } from '../../../api/models';
import type { AgencyOption } from '../../../lib/agency-tree';
import { CODE_PATTERN } from '../../../lib/decimal';
import { useI18n, type MessageKey } from '../../../lib/i18n/i18n';
import { checkFigure, checkPair, checkPeriod, type IndicatorFormValues, type IndicatorLabels } from './indicator-form';
import { TaskPicker } from './TaskPicker';

type Labels = IndicatorLabels;
const half = { style: { flex: '1 1 220px' } };

/** A rule from a pure check that returns a message key or null. */
const checked = (t: (k: MessageKey) => string, check: (value: string | undefined) => MessageKey | null): RuleObject => ({
  validator: (_, value: string | undefined) => {
    const key = check(value);
    return key ? Promise.reject(new Error(t(key))) : Promise.resolve();
  },
});

/** Code, name, group and the definition of the figures. Group, frequency and owner are fixed once created. */
export function IdentityFields({ labels, original, ownerOptions }: { labels: Labels; original?: Indicator; ownerOptions: AgencyOption[] }) {
  const { t } = useI18n();
  const required = (label: string) => ({ required: true, whitespace: true, message: t('common.required', { field: label.toLowerCase() }) });
  const locked = original?.locked ?? false;
  const pick = (label: string) => ({ required: true, message: t('common.required', { field: label.toLowerCase() }) });
  return (
    <>
      <Flex gap={16} wrap>
        <Form.Item {...half} label={labels.code} name="code" extra={t('plan.codeHint')} rules={[required(labels.code), { max: 64, message: t('plan.tooLong', { max: 64 }) }, { pattern: CODE_PATTERN, message: t('plan.codeFormat') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item {...half} label={labels.group} name="group" rules={[pick(labels.group)]} extra={original ? t('plan.fixedAfterCreate') : undefined}>
          <FormSelect disabled={Boolean(original)} options={INDICATOR_GROUPS.map((g) => ({ value: g, label: t(`group.${g}`) }))} />
        </Form.Item>
      </Flex>
      <Form.Item label={labels.name} name="name" rules={[required(labels.name), { max: 500, message: t('plan.tooLong', { max: 500 }) }]}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} />
      </Form.Item>
      <Form.Item label={labels.owner_agency_id} name="owner_agency_id" rules={[pick(labels.owner_agency_id)]} extra={original ? t('plan.fixedAfterCreate') : undefined}>
        <FormTreeSelect treeData={ownerOptions} showSearch treeNodeFilterProp="title" treeDefaultExpandAll popupMatchSelectWidth={false} disabled={Boolean(original)} />
      </Form.Item>
      {locked && <p className="form-hint">{t('indicators.lockedHint')}</p>}
      <Flex gap={16} wrap>
        <Form.Item {...half} label={labels.unit} name="unit" rules={[{ max: 50, message: t('plan.tooLong', { max: 50 }) }]}>
          <Input disabled={locked} />
        </Form.Item>
        <Form.Item {...half} label={labels.value_type} name="value_type" rules={[pick(labels.value_type)]}>
          <FormSelect disabled={locked} options={VALUE_TYPES.map((v) => ({ value: v, label: t(`valueType.${v}`) }))} />
        </Form.Item>
      </Flex>
      <Flex gap={16} wrap>
        <Form.Item {...half} label={labels.direction} name="direction" rules={[pick(labels.direction)]}>
          <FormSelect disabled={locked} options={DIRECTIONS.map((v) => ({ value: v, label: t(`direction.${v}`) }))} />
        </Form.Item>
        <Form.Item {...half} label={labels.aggregation} name="aggregation" rules={[pick(labels.aggregation)]}>
          <FormSelect disabled={locked} options={AGGREGATIONS.map((v) => ({ value: v, label: t(`aggregation.${v}`) }))} />
        </Form.Item>
        <Form.Item {...half} label={labels.frequency} name="frequency" rules={[pick(labels.frequency)]} extra={original ? t('plan.fixedAfterCreate') : undefined}>
          <FormSelect disabled={Boolean(original)} options={FREQUENCIES.map((v) => ({ value: v, label: t(`frequency.${v}`) }))} />
        </Form.Item>
      </Flex>
    </>
  );
}

/** Baseline and final target, each a figure with its period; typed as text and refused when not a number. */
export function FigureFields({ labels }: { labels: Labels }) {
  const { t } = useI18n();
  const valueType = Form.useWatch<ValueType | undefined>('value_type', Form.useFormInstance()) ?? 'number';
  const pair = (value: 'baseline_value' | 'target_value', period: 'baseline_period' | 'target_period') => (
    <Flex gap={16} wrap>
      <Form.Item {...half} label={labels[value]} name={value} dependencies={['value_type']} extra={t('plan.numberHint')} rules={[checked(t, (v) => checkFigure(v, valueType))]}>
        <Input inputMode="decimal" autoComplete="off" />
      </Form.Item>
      <Form.Item
        {...half}
        label={labels[period]}
        name={period}
        dependencies={[value]}
        extra={t('plan.periodHint')}
        rules={[
          checked(t, checkPeriod),
          ({ getFieldValue }) => checked(t, (p) => checkPair(getFieldValue(value) as string | undefined, p)),
        ]}
      >
        <Input autoComplete="off" />
      </Form.Item>
    </Flex>
  );
  return (
    <>
      {pair('baseline_value', 'baseline_period')}
      {pair('target_value', 'target_period')}
    </>
  );
}

/** Who reports the figures, who writes them, and the task the indicator measures. */
export function ReportingFields({ labels, agencyOptions, taskLabel }: { labels: Labels; agencyOptions: AgencyOption[]; taskLabel?: string }) {
  const { t } = useI18n();
  const mode = Form.useWatch<IndicatorFormValues['reporting_mode'] | undefined>('reporting_mode', Form.useFormInstance());
  const taskId = Form.useWatch<string | undefined>('task_id', Form.useFormInstance());
  return (
    <>
      <Form.Item label={labels.reporting_mode} name="reporting_mode">
        <Radio.Group
          options={[
            { value: 'owner', label: t('indicators.reportingOwner') },
            { value: 'agencies', label: t('plan.reportingAgencies') },
            { value: 'kind', label: t('plan.reportingKind') },
          ]}
        />
      </Form.Item>
      {mode === 'agencies' && (
        <Form.Item label={labels.reporting_agency_ids} name="reporting_agency_ids" rules={[{ required: true, type: 'array', min: 1, message: t('plan.pickAgencies') }]}>
          <FormTreeSelect treeData={agencyOptions} multiple showSearch treeNodeFilterProp="title" popupMatchSelectWidth={false} />
        </Form.Item>
      )}
      {mode === 'kind' && (
        <Form.Item label={labels.reporting_agency_kind} name="reporting_agency_kind" rules={[{ required: true, message: t('common.required', { field: labels.reporting_agency_kind.toLowerCase() }) }]}>
          <FormSelect options={AGENCY_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
        </Form.Item>
      )}
      <Form.Item label={labels.source_agency_id} name="source_agency_id" extra={t('plan.sourceHint')}>
        <FormTreeSelect treeData={agencyOptions} allowClear showSearch treeNodeFilterProp="title" popupMatchSelectWidth={false} placeholder={t('indicators.sourceSelf')} />
      </Form.Item>
      <Form.Item label={labels.task_id} name="task_id" extra={t('plan.taskHint')}>
        <TaskPicker currentLabel={taskLabel} />
      </Form.Item>
      <Form.Item name="drives_task_progress" valuePropName="checked">
        <Checkbox disabled={!taskId}>{labels.drives_task_progress}</Checkbox>
      </Form.Item>
    </>
  );
}

/** The reference sheet's prose: description, definition, data source, method, verification; a composite's formula. */
export function SheetFields({ labels }: { labels: Labels }) {
  const { t } = useI18n();
  const group = Form.useWatch<string | undefined>('group', Form.useFormInstance());
  const long = (name: 'description' | 'definition' | 'data_source' | 'method' | 'verification') => (
    <Form.Item key={name} label={labels[name]} name={name} rules={[{ max: 20000, message: t('plan.tooLong', { max: 20000 }) }]}>
      <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
    </Form.Item>
  );
  return (
    <>
      {group === 'composite' && (
        <Form.Item label={labels.formula} name="formula" extra={t('plan.formulaHint')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: labels.formula.toLowerCase() }) }, { max: 2000, message: t('plan.tooLong', { max: 2000 }) }]}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} />
        </Form.Item>
      )}
      {(['description', 'definition', 'data_source', 'method', 'verification'] as const).map(long)}
    </>
  );
}
