import { Alert, Form, Modal } from 'antd';
import { useState } from 'react';
import type { AgencyBrief, Committee } from '../../../api/models';
import { AgencyPicker } from '../../../components/AgencyPicker';
import { describeError } from '../../../lib/describe-error';
import { useI18n } from '../../../lib/i18n/i18n';
import { ApiError, problemToForm } from '../../../lib/problem';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { useCommitteeCandidates, useSetCommittee } from '../api/committee';
import { memberErrors } from './committee-form';

interface Values {
  standing_agency_id?: string;
  member_agency_ids: string[];
}

const FIELDS = ['standing_agency_id', 'member_agency_ids'] as const;

/** One of the form's pickers, searching the committee's candidates on the server. */
function CandidatePicker({
  resolutionId,
  known,
  ...rest
}: {
  resolutionId: string;
  known: readonly (AgencyBrief | null | undefined)[];
  id?: string;
  multiple?: boolean;
  allowClear?: boolean;
  placeholder?: string;
  value?: string | string[] | null;
  onChange?: (value: string | string[] | undefined) => void;
  onPicked?: (picked: readonly { value: string; label: string }[]) => void;
}) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search, 300);
  const candidates = useCommitteeCandidates(resolutionId, q);
  return (
    <AgencyPicker
      {...rest}
      known={known}
      found={candidates.data?.items}
      loading={candidates.isFetching}
      onSearch={setSearch}
      unknownLabel={t('agencyPicker.other')}
      notFoundLabel={t('agencyPicker.none')}
    />
  );
}

/** "Sửa Ban chỉ đạo": rendered only while open; saving replaces the whole committee. */
export function CommitteeFormModal({ resolutionId, resolutionCode, committee, onClose }: { resolutionId: string; resolutionCode: string; committee: Committee; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const setCommittee = useSetCommittee(resolutionId);
  const labels = { standing_agency_id: t('committee.standing'), member_agency_ids: t('committee.members') };
  const known = [committee.standing_agency, ...committee.members];
  // The names of the agencies picked in this form, to name them in the server's refusals.
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const remember = (picked: readonly { value: string; label: string }[]) =>
    setNames((prev) => new Map([...prev, ...picked.map((o) => [o.value, o.label] as const)]));

  const place = (error: unknown, sentMembers: string[]) => {
    if (!(error instanceof ApiError)) {
      setFormMessage(describeError(error, t));
      return;
    }
    if (error.status === 409 && error.problem?.code === 'resolution_closed') {
      setFormMessage(t('committee.closed'));
      return;
    }
    const nameOf = (id: string) => known.find((a) => a?.id === id)?.name ?? names.get(id) ?? id;
    const { messages, rest } = memberErrors(error.problem, sentMembers, nameOf, t);
    const mapped = problemToForm(rest, FIELDS, describeError(error, t), t, labels);
    const memberField = mapped.fields.find((f) => f.name === 'member_agency_ids');
    const fields = [
      ...mapped.fields.filter((f) => f.name !== 'member_agency_ids'),
      ...(messages.length > 0 || memberField ? [{ name: 'member_agency_ids' as const, errors: [...messages, ...(memberField?.errors ?? [])] }] : []),
    ];
    form.setFields(fields);
    setFormMessage(messages.length > 0 && (rest?.errors ?? []).length === 0 ? null : mapped.formMessage);
  };

  const submit = async (values: Values) => {
    setFormMessage(null);
    const body = { standing_agency_id: values.standing_agency_id ?? null, member_agency_ids: values.member_agency_ids };
    try {
      await setCommittee.mutateAsync(body);
      onClose();
    } catch (error) {
      place(error, body.member_agency_ids);
    }
  };

  return (
    <Modal
      open
      title={t('committee.editTitle', { code: resolutionCode })}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      confirmLoading={setCommittee.isPending}
      destroyOnHidden
      width={640}
    >
      <p className="committee-explain">{t('committee.explain')}</p>
      {formMessage && <Alert type="error" showIcon role="alert" className="form-alert" message={formMessage} />}
      <Form<Values>
        form={form}
        layout="vertical"
        name="committee"
        className="committee-form"
        initialValues={{ standing_agency_id: committee.standing_agency_id ?? undefined, member_agency_ids: committee.member_agency_ids }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item label={labels.standing_agency_id} name="standing_agency_id" extra={t('committee.standingHint')}>
          <CandidatePicker resolutionId={resolutionId} known={known} onPicked={remember} allowClear placeholder={t('committee.search')} />
        </Form.Item>
        <Form.Item label={labels.member_agency_ids} name="member_agency_ids" extra={t('committee.membersHint')}>
          <CandidatePicker resolutionId={resolutionId} known={known} onPicked={remember} multiple allowClear placeholder={t('committee.search')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
