import { Alert, App, Button, DatePicker, Drawer, Flex, Form, Input, InputNumber } from 'antd';
import { FormTreeSelect } from '../../../components/FormSelect';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { ErrorState, LoadingState } from '../../../components/PageState';
import type { AgencyOption } from '../../../lib/agency-tree';
import { describeError } from '../../../lib/describe-error';
import { formatDate } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { ApiError, problemToForm } from '../../../lib/problem';
import { TASK_FORM_FIELDS, withUnknownAgencies, type TaskFormValues } from './task-form';

interface Props {
  title: string;
  /** Shown read-only: the task the new one goes under. */
  parentLabel?: string;
  /** A sub-task may not be due after its parent (`YYYY-MM-DD`). */
  parentDue?: string;
  initial?: Partial<TaskFormValues>;
  /** True while the task to edit is being fetched. */
  loading?: boolean;
  /** Fetching the task to edit failed. */
  loadError?: unknown;
  onRetryLoad?: () => void;
  leadOptions: AgencyOption[];
  coordinatorOptions: AgencyOption[];
  onSubmit: (values: TaskFormValues) => Promise<unknown>;
  onClose: () => void;
  /** Called after a 412: fetches the latest version of the task and returns it as form values. */
  onReloadStale?: () => Promise<TaskFormValues | undefined>;
}

/** Create or edit a task. Rendered only while open, so every opening starts from a fresh form. */
export function TaskFormDrawer(props: Props) {
  return (
    <Drawer open title={props.title} onClose={props.onClose} width="min(600px, 100vw)" destroyOnHidden>
      {props.loadError !== undefined ? (
        <ErrorState error={props.loadError} onRetry={props.onRetryLoad} />
      ) : props.loading ? (
        <LoadingState />
      ) : (
        <TaskForm {...props} />
      )}
    </Drawer>
  );
}

function TaskForm({ parentLabel, parentDue, initial, leadOptions, coordinatorOptions, onSubmit, onClose, onReloadStale }: Props) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<TaskFormValues>();
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [saving, setSaving] = useState(false);
  const dateFormat = language === 'vi' ? 'DD/MM/YYYY' : 'D MMM YYYY';
  const other = t('tasks.otherAgency');
  const leads = useMemo(() => withUnknownAgencies(leadOptions, [initial?.lead_agency_id], other), [leadOptions, initial?.lead_agency_id, other]);
  const coordinators = useMemo(
    () => withUnknownAgencies(coordinatorOptions, initial?.coordinating_agency_ids ?? [], other),
    [coordinatorOptions, initial?.coordinating_agency_ids, other],
  );
  const required = (label: string) => ({ required: true, whitespace: true, message: t('common.required', { field: label.toLowerCase() }) });

  const submit = async (values: TaskFormValues) => {
    setSaving(true);
    setFormMessage(null);
    try {
      await onSubmit(values);
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        setStale(true);
      } else if (error instanceof ApiError) {
        const mapped = problemToForm(error.problem, TASK_FORM_FIELDS, describeError(error, t), t, {
          code: t('tasks.code'),
          title: t('tasks.name'),
          description: t('tasks.description'),
          lead_agency_id: t('tasks.lead'),
          coordinating_agency_ids: t('tasks.coordinators'),
          start_date: t('tasks.startDate'),
          due_date: t('tasks.dueDate'),
          weight: t('tasks.weight'),
        });
        form.setFields(mapped.fields);
        setFormMessage(mapped.formMessage);
      } else {
        setFormMessage(describeError(error, t));
      }
    } finally {
      setSaving(false);
    }
  };

  const reload = async () => {
    try {
      const fresh = await onReloadStale?.();
      if (fresh) form.setFieldsValue(fresh);
      setStale(false);
      void message.info(t('tasks.latestLoaded'));
    } catch (error) {
      setFormMessage(describeError(error, t));
    }
  };

  return (
    <>
      {stale && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          className="form-alert"
          message={t('tasks.stale')}
          description={t('tasks.staleHint')}
          action={
            onReloadStale && (
              <Button size="small" onClick={() => void reload()}>
                {t('tasks.loadLatest')}
              </Button>
            )
          }
        />
      )}
      {formMessage && <Alert type="error" showIcon role="alert" className="form-alert" message={formMessage} />}
      <Form<TaskFormValues> form={form} layout="vertical" name="task" initialValues={initial} onFinish={(v) => void submit(v)}>
        {parentLabel && (
          <Form.Item label={t('tasks.parent')}>
            <Input value={parentLabel} disabled />
          </Form.Item>
        )}
        <Form.Item label={t('tasks.code')} name="code" rules={[required(t('tasks.code')), { max: 64 }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item label={t('tasks.name')} name="title" rules={[required(t('tasks.name')), { max: 500 }]}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
        </Form.Item>
        <Form.Item label={t('tasks.description')} name="description">
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        <Form.Item
          label={t('tasks.lead')}
          name="lead_agency_id"
          extra={parentLabel ? t('tasks.leadHint') : undefined}
          rules={[{ required: true, message: t('common.required', { field: t('tasks.lead').toLowerCase() }) }]}
        >
          <FormTreeSelect treeData={leads} showSearch treeNodeFilterProp="title" treeDefaultExpandAll popupMatchSelectWidth={false} />
        </Form.Item>
        <Form.Item
          label={t('tasks.coordinators')}
          name="coordinating_agency_ids"
          dependencies={['lead_agency_id']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, ids: string[] | undefined) =>
                ids?.includes(getFieldValue('lead_agency_id') as string) ? Promise.reject(new Error(t('tasks.coordinatorIsLead'))) : Promise.resolve(),
            }),
          ]}
        >
          <FormTreeSelect treeData={coordinators} multiple showSearch treeNodeFilterProp="title" allowClear popupMatchSelectWidth={false} />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item
            label={t('tasks.startDate')}
            name="start_date"
            style={{ flex: '1 1 200px' }}
            rules={[{ required: true, message: t('common.required', { field: t('tasks.startDate').toLowerCase() }) }]}
          >
            <DatePicker format={dateFormat} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            label={t('tasks.dueDate')}
            name="due_date"
            style={{ flex: '1 1 200px' }}
            dependencies={['start_date']}
            rules={[
              { required: true, message: t('common.required', { field: t('tasks.dueDate').toLowerCase() }) },
              ({ getFieldValue }) => ({
                validator: (_, due: Dayjs | undefined) => {
                  const start = getFieldValue('start_date') as Dayjs | undefined;
                  if (due && start && due.isBefore(start, 'day')) return Promise.reject(new Error(t('tasks.dueBeforeStart')));
                  if (due && parentDue && due.isAfter(dayjs(parentDue), 'day'))
                    return Promise.reject(new Error(t('tasks.dueAfterParent', { date: formatDate(parentDue, language) })));
                  return Promise.resolve();
                },
              }),
            ]}
          >
            <DatePicker format={dateFormat} style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Form.Item
          label={t('tasks.weight')}
          name="weight"
          rules={[
            { required: true, message: t('common.required', { field: t('tasks.weight').toLowerCase() }) },
            { type: 'number', min: 0.001, max: 1000, message: t('tasks.weightRange') },
          ]}
        >
          {/* No min/max: antd would clamp on blur; the rule above refuses an out-of-range weight instead. */}
          <InputNumber step={0.5} style={{ width: 160 }} />
        </Form.Item>
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={saving} disabled={stale}>
            {t('common.save')}
          </Button>
        </Flex>
      </Form>
    </>
  );
}
