import { App, Modal } from 'antd';
import { useNavigate } from 'react-router';
import { ErrorState, LoadingState } from '../../../components/PageState';
import type { AgencyOption } from '../../../lib/agency-tree';
import { useI18n } from '../../../lib/i18n/i18n';
import { useCreateResolution, useUpdateResolution, useVersionedResolution } from '../api/resolution-edit';
import { resolutionToFormValues, toCreateResolutionBody, toUpdateResolutionBody } from './resolution-form';
import { ResolutionFormModal } from './ResolutionFormModal';

/** "Thêm nghị quyết": creates it, then opens its page. */
export function CreateResolutionDialog({ ownerOptions, defaultOwner, onClose }: { ownerOptions: AgencyOption[]; defaultOwner?: string; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const create = useCreateResolution();
  return (
    <ResolutionFormModal
      initial={{ owner_agency_id: defaultOwner, summary: '' }}
      ownerOptions={ownerOptions}
      onClose={onClose}
      onSubmit={async (values) => {
        const created = await create.mutateAsync(toCreateResolutionBody(values));
        void message.success(t('plan.resolution.created', { code: created.code }));
        void navigate(`/resolutions/${created.id}`);
      }}
    />
  );
}

/** Fetches the resolution for its ETag and edits it with If-Match. */
export function EditResolutionDialog({ id, ownerOptions, onClose }: { id: string; ownerOptions: AgencyOption[]; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const current = useVersionedResolution(id);
  const update = useUpdateResolution();
  if (current.isPending || current.isError)
    return (
      <Modal open title={t('plan.resolution.edit')} footer={null} onCancel={onClose}>
        {current.isError ? <ErrorState error={current.error} onRetry={() => void current.refetch()} /> : <LoadingState />}
      </Modal>
    );
  const { resolution, etag } = current.data;
  return (
    <ResolutionFormModal
      original={resolution}
      initial={resolutionToFormValues(resolution)}
      ownerOptions={ownerOptions}
      onClose={onClose}
      onSubmit={async (values) => {
        const body = toUpdateResolutionBody(values, resolution);
        if (Object.keys(body).length === 0) return;
        await update.mutateAsync({ id, etag, body });
        void message.success(t('common.saved'));
      }}
    />
  );
}
