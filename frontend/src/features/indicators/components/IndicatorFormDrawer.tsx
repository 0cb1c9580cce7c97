import { Alert, Button, Divider, Drawer, Flex, Form } from 'antd';
import type { Indicator } from '../../../api/models';
import { ErrorState, LoadingState } from '../../../components/PageState';
import type { AgencyOption } from '../../../lib/agency-tree';
import { useI18n } from '../../../lib/i18n/i18n';
import { useFormSubmit } from '../../../lib/use-form-submit';
import { clearedFields, INDICATOR_FORM_FIELDS, indicatorLabels, type IndicatorFormValues } from './indicator-form';
import { FigureFields, IdentityFields, ReportingFields, SheetFields } from './IndicatorFields';

interface Props {
  title: string;
  /** The indicator being edited; absent: a new one. */
  original?: Indicator;
  initial?: Partial<IndicatorFormValues>;
  loading?: boolean;
  loadError?: unknown;
  onRetryLoad?: () => void;
  ownerOptions: AgencyOption[];
  agencyOptions: AgencyOption[];
  /** The linked task's code, shown until the task search brings it up. */
  taskLabel?: string;
  onSubmit: (values: IndicatorFormValues) => Promise<unknown>;
  onClose: () => void;
}

/** Create or edit an indicator and its reference sheet. Rendered only while open. */
export function IndicatorFormDrawer(props: Props) {
  return (
    <Drawer open title={props.title} onClose={props.onClose} width="min(720px, 100vw)" destroyOnHidden>
      {props.loadError !== undefined ? (
        <ErrorState error={props.loadError} onRetry={props.onRetryLoad} />
      ) : props.loading ? (
        <LoadingState />
      ) : (
        <IndicatorForm {...props} />
      )}
    </Drawer>
  );
}

function IndicatorForm({ original, initial, ownerOptions, agencyOptions, taskLabel, onSubmit, onClose }: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<IndicatorFormValues>();
  const labels = indicatorLabels(t);
  const { run, saving, stale, formMessage } = useFormSubmit(form, INDICATOR_FORM_FIELDS, labels);
  const submit = async (values: IndicatorFormValues) => {
    const cleared = original ? clearedFields(values, original) : [];
    if (cleared.length > 0) {
      form.setFields(cleared.map((name) => ({ name, errors: [t('plan.cannotClear')] })));
      return;
    }
    if (await run(() => onSubmit(values))) onClose();
  };
  return (
    <>
      {stale && <Alert type="warning" showIcon role="alert" className="form-alert" message={t('plan.stale')} description={t('plan.staleHint')} />}
      {formMessage && <Alert type="error" showIcon role="alert" className="form-alert" message={formMessage} />}
      <Form<IndicatorFormValues> form={form} layout="vertical" name="indicator" scrollToFirstError initialValues={initial} onFinish={(v) => void submit(v)}>
        <IdentityFields labels={labels} original={original} ownerOptions={ownerOptions} />
        <Divider orientation="left" plain>
          {t('plan.figures')}
        </Divider>
        <FigureFields labels={labels} />
        <Divider orientation="left" plain>
          {t('plan.reportingSection')}
        </Divider>
        <ReportingFields labels={labels} agencyOptions={agencyOptions} taskLabel={taskLabel} />
        <Divider orientation="left" plain>
          {t('indicators.referenceSheet')}
        </Divider>
        <SheetFields labels={labels} />
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={saving} disabled={stale}>
            {original ? t('common.save') : t('common.create')}
          </Button>
        </Flex>
      </Form>
    </>
  );
}
