import { Alert, Button, DatePicker, Form, Input, Modal } from 'antd';
import { FormSelect } from '../../../components/FormSelect';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { AGENCY_KINDS, type Agency, type AgencyKind } from '../../../api/models';
import { useI18n } from '../../../lib/i18n/i18n';
import { ApiError, problemToForm } from '../../../lib/problem';
import { describeError } from '../../../lib/describe-error';
import { SectorHeadPicker } from './SectorHeadPicker';

export interface AgencyFormValues {
  code: string;
  name: string;
  kind: AgencyKind;
  /** Only for a new agency (`YYYY-MM-DD`): the day it was established, today by default. */
  established_on?: string;
  /**
   * The head of the agency's sector line, present only when it is to be sent: a new agency's when one
   * was chosen; an edited agency's when it changed (`null`: taken out of its line).
   */
  sector_ministry_id?: string | null;
}

type Initial = Pick<Agency, 'code' | 'name' | 'kind' | 'sector_ministry_id'>;

interface FormFields extends Omit<AgencyFormValues, 'established_on' | 'sector_ministry_id'> {
  established_on?: Dayjs | null;
  /** Empty (undefined) when the agency is in no sector line. */
  sector_ministry_id?: string | null;
}

const FIELDS = ['code', 'name', 'kind', 'established_on', 'sector_ministry_id'] as const;

/** Rendered only while open, so every opening starts from a fresh form. */
interface Props {
  title: string;
  initial?: Initial;
  /** Shown read-only so the user sees where the agency goes. */
  parentLabel?: string;
  onSubmit: (values: AgencyFormValues) => Promise<unknown>;
  onClose: () => void;
  /** Called when the server says the agency changed meanwhile (412); returns the fresh values. */
  onReloadStale?: () => Promise<Initial | undefined>;
  /**
   * The agency's `actions.edit_identity` when editing: false leaves code, kind and sector line
   * read-only (only the name may change). A new agency is always entered whole.
   */
  identityEditable?: boolean;
  /** A new agency: asks for "Ngày thành lập" (today or a past day). */
  withEstablishedOn?: boolean;
}

export function AgencyFormModal({ title, initial, parentLabel, onSubmit, onClose, onReloadStale, identityEditable = true, withEstablishedOn = false }: Props) {
  const { t, language } = useI18n();
  const [form] = Form.useForm<FormFields>();
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [saving, setSaving] = useState(false);
  // The sector line the agency has on the server (as last read), to send it only when it changes.
  const [savedHead, setSavedHead] = useState<string | null>(initial?.sector_ministry_id ?? null);

  const submit = async ({ established_on: establishedOn, sector_ministry_id: head, ...values }: FormFields) => {
    setSaving(true);
    setFormMessage(null);
    const chosenHead = head ?? null;
    const headChange = initial ? (chosenHead !== savedHead ? { sector_ministry_id: chosenHead } : {}) : chosenHead ? { sector_ministry_id: chosenHead } : {};
    try {
      await onSubmit({
        ...values,
        code: values.code.trim(),
        name: values.name.trim(),
        ...(withEstablishedOn && establishedOn ? { established_on: establishedOn.format('YYYY-MM-DD') } : {}),
        ...headChange,
      });
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        setStale(true);
      } else if (error instanceof ApiError) {
        const mapped = problemToForm(error.problem, FIELDS, describeError(error, t), t, {
          code: t('agencies.code'),
          name: t('agencies.name'),
          kind: t('agencies.kind'),
          established_on: t('agencies.establishedOn'),
          sector_ministry_id: t('agencies.sectorHead'),
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
    const fresh = await onReloadStale?.();
    if (fresh) {
      form.setFieldsValue({ ...fresh, sector_ministry_id: fresh.sector_ministry_id ?? undefined });
      setSavedHead(fresh.sector_ministry_id ?? null);
    }
    setStale(false);
  };

  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okButtonProps={{ disabled: stale }}
      destroyOnHidden
    >
      {stale && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          className="form-alert"
          message={t('agencies.stale')}
          description={t('agencies.staleHint')}
          action={<Button size="small" onClick={() => void reload()}>{t('common.reload')}</Button>}
        />
      )}
      {formMessage && <Alert type="error" showIcon role="alert" className="form-alert" message={formMessage} />}
      {!identityEditable && <Alert type="info" showIcon className="form-alert identity-locked" message={t('agencies.identityLocked')} />}
      <Form<FormFields>
        form={form}
        layout="vertical"
        name="agency"
        initialValues={{ ...initial, sector_ministry_id: initial?.sector_ministry_id ?? undefined, ...(withEstablishedOn ? { established_on: dayjs() } : {}) }}
        onFinish={(v) => void submit(v)}
      >
        {parentLabel && (
          <Form.Item label={t('agencies.parent')}>
            <Input value={parentLabel} disabled />
          </Form.Item>
        )}
        <Form.Item
          label={t('agencies.code')}
          name="code"
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('agencies.code').toLowerCase() }) }, { max: 64 }]}
        >
          <Input autoComplete="off" disabled={!identityEditable} />
        </Form.Item>
        <Form.Item
          label={t('agencies.name')}
          name="name"
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('agencies.name').toLowerCase() }) }, { max: 255 }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          label={t('agencies.kind')}
          name="kind"
          rules={[{ required: true, message: t('common.required', { field: t('agencies.kind').toLowerCase() }) }]}
        >
          <FormSelect disabled={!identityEditable} options={AGENCY_KINDS.map((kind) => ({ value: kind, label: t(`kind.${kind}`) }))} />
        </Form.Item>
        <Form.Item label={t('agencies.sectorHead')} name="sector_ministry_id" extra={t('agencies.sectorHeadHint')}>
          <SectorHeadPicker initialId={savedHead} disabled={!identityEditable} />
        </Form.Item>
        {withEstablishedOn && (
          <Form.Item label={t('agencies.establishedOn')} name="established_on" extra={t('agencies.establishedOnHint')}>
            <DatePicker
              allowClear
              placeholder={t('agencies.establishedOnToday')}
              format={language === 'vi' ? 'DD/MM/YYYY' : 'D MMM YYYY'}
              disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
