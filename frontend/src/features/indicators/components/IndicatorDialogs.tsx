import { App } from 'antd';
import { useNavigate } from 'react-router';
import type { AgencyOption } from '../../../lib/agency-tree';
import { useI18n } from '../../../lib/i18n/i18n';
import { useCreateIndicator, useUpdateIndicator, useVersionedIndicator } from '../api/indicator-edit';
import { indicatorToFormValues, newIndicatorDefaults, toCreateIndicatorBody, toUpdateIndicatorBody } from './indicator-form';
import { IndicatorFormDrawer } from './IndicatorFormDrawer';

interface Options {
  ownerOptions: AgencyOption[];
  agencyOptions: AgencyOption[];
  onClose: () => void;
}

/** "Thêm chỉ tiêu": creates it, then opens its page. */
export function CreateIndicatorDialog({ defaultOwner, ...options }: Options & { defaultOwner?: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const create = useCreateIndicator();
  return (
    <IndicatorFormDrawer
      title={t('plan.indicator.createTitle')}
      initial={newIndicatorDefaults(defaultOwner)}
      {...options}
      onSubmit={async (values) => {
        const created = await create.mutateAsync(toCreateIndicatorBody(values));
        void message.success(t('plan.indicator.created', { code: created.code }));
        void navigate(`/indicators/${created.id}`);
      }}
    />
  );
}

/** Fetches the indicator for its ETag and edits it with If-Match. */
export function EditIndicatorDialog({ id, ...options }: Options & { id: string }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const current = useVersionedIndicator(id);
  const update = useUpdateIndicator();
  const original = current.data?.indicator;
  return (
    <IndicatorFormDrawer
      title={t('plan.indicator.editTitle', { code: original?.code ?? '' })}
      original={original}
      initial={original ? indicatorToFormValues(original, language) : undefined}
      loading={current.isPending}
      loadError={current.isError ? current.error : undefined}
      onRetryLoad={() => void current.refetch()}
      {...options}
      onSubmit={async (values) => {
        if (!current.data || !original) return;
        const body = toUpdateIndicatorBody(values, original);
        if (Object.keys(body).length === 0) return;
        await update.mutateAsync({ id, etag: current.data.etag, body });
        void message.success(t('common.saved'));
      }}
    />
  );
}
