import { Alert, Checkbox, Flex, Form, Input, Modal, Switch, Tag, TreeSelect } from 'antd';
import { useState } from 'react';
import { ROLES, type Role, type User } from '../../../api/models';
import type { AgencyOption } from '../../../lib/agency-tree';
import { describeError } from '../../../lib/describe-error';
import { useI18n } from '../../../lib/i18n/i18n';
import { ApiError, problemToForm, type ProblemForForm } from '../../../lib/problem';

export interface UserFormValues {
  username: string;
  display_name: string;
  agency_id: string;
  roles: Role[];
  active: boolean;
  password?: string;
}

const FIELDS = ['username', 'display_name', 'agency_id', 'roles', 'active', 'password'] as const;
// Same rule as the API: 10–128 characters.
const MIN_PASSWORD = 10;
const MAX_PASSWORD = 128;

/** Rendered only while open, so every opening starts from a fresh form. */
interface Props {
  /** Absent: create a user. What may be changed of an existing one comes from its `actions`. */
  user?: User;
  /** The roles a new login may get (`me.actions.grantable_roles`); for an existing one its own `actions.grantable_roles` count. */
  grantableRoles: readonly Role[];
  agencyOptions: AgencyOption[];
  defaultAgencyId?: string;
  onSubmit: (values: UserFormValues) => Promise<unknown>;
  onClose: () => void;
}

export function UserFormModal({ user, grantableRoles, agencyOptions, defaultAgencyId, onSubmit, onClose }: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<UserFormValues>();
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const editing = user !== undefined;
  const grantable = user ? user.actions.grantable_roles : grantableRoles;
  // An existing login's roles that the user may not give stay shown, checked and locked.
  const roleOptions = ROLES.filter((r) => grantable.includes(r) || (user?.roles.includes(r) ?? false)).map((role) => ({
    value: role,
    label: t(`role.${role}`),
    disabled: !grantable.includes(role),
  }));
  const canSetRoles = grantable.length > 0;
  const canSetActive = user?.actions.deactivate ?? false;
  const canSetPassword = user ? user.actions.set_password : true;

  const initialValues: Partial<UserFormValues> = user
    ? { username: user.username, display_name: user.display_name, agency_id: user.agency_id, roles: user.roles, active: user.active }
    : { agency_id: defaultAgencyId, roles: grantable.includes('viewer') ? ['viewer'] : [], active: true };

  const submit = async (values: UserFormValues) => {
    setSaving(true);
    setFormMessage(null);
    try {
      await onSubmit({ ...values, username: values.username.trim(), display_name: values.display_name.trim() });
      onClose();
    } catch (error) {
      const mapped =
        error instanceof ApiError ? problemToForm(error.problem, FIELDS, describeError(error, t), t, { username: t('users.username'), display_name: t('users.displayName'), agency_id: t('users.agency'), roles: t('users.roles'), active: t('users.active'), password: t('users.password') }) : { fields: [], formMessage: describeError(error, t) } satisfies ProblemForForm<(typeof FIELDS)[number]>;
      form.setFields(mapped.fields);
      setFormMessage(mapped.formMessage);
    } finally {
      setSaving(false);
    }
  };

  const required = (label: string) => ({ required: true, whitespace: true, message: t('common.required', { field: label.toLowerCase() }) });

  return (
    <Modal
      open
      title={editing ? t('users.editTitle', { username: user.username }) : t('users.createTitle')}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
      width={560}
    >
      {formMessage && <Alert type="error" showIcon role="alert" className="form-alert" message={formMessage} />}
      <Form<UserFormValues> form={form} layout="vertical" name="user" initialValues={initialValues} onFinish={(v) => void submit(v)}>
        <Form.Item label={t('users.username')} name="username" rules={[required(t('users.username')), { max: 64 }]}>
          <Input autoComplete="off" disabled={editing} />
        </Form.Item>
        <Form.Item label={t('users.displayName')} name="display_name" rules={[required(t('users.displayName')), { max: 255 }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item label={t('users.agency')} name="agency_id" rules={[{ required: true, message: t('common.required', { field: t('users.agency').toLowerCase() }) }]}>
          <TreeSelect treeData={agencyOptions} showSearch treeNodeFilterProp="title" treeDefaultExpandAll={false} treeDefaultExpandedKeys={defaultAgencyId ? [defaultAgencyId] : []} />
        </Form.Item>
        {canSetRoles ? (
          <Form.Item label={t('users.roles')} name="roles" rules={[{ required: true, type: 'array', min: 1, message: t('users.rolesRequired') }]}>
            <Checkbox.Group options={roleOptions} />
          </Form.Item>
        ) : (
          <Form.Item label={t('users.roles')} extra={t('users.rolesFixed')} className="roles-fixed">
            <Flex gap={4} wrap>
              {(user?.roles ?? []).map((r) => (
                <Tag key={r} bordered={false}>
                  {t(`role.${r}`)}
                </Tag>
              ))}
            </Flex>
          </Form.Item>
        )}
        {canSetActive && (
          <Form.Item label={t('users.active')} name="active" valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
        {canSetPassword && (
          <Form.Item
            label={editing ? t('users.newPassword') : t('users.password')}
            name="password"
            rules={[
              ...(editing ? [] : [{ required: true, message: t('common.required', { field: t('login.password').toLowerCase() }) }]),
              { min: MIN_PASSWORD, message: t('account.passwordTooShort', { min: MIN_PASSWORD }) },
              { max: MAX_PASSWORD },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
