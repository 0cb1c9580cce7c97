import { ApiOutlined, DeleteOutlined, KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert as AntAlert, App as AntApp, Button, Card, DatePicker, Empty, Flex, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, TreeSelect, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState, type ReactNode } from 'react';
import type { ApiKey, NewApiKey, Role } from '../../../api/models';
import { ErrorState } from '../../../components/PageState';
import { agencyTreeOptions, indexAgencyTree, useAgencyTree } from '../../../lib/agency-tree';
import { useCurrentUser } from '../../../lib/current-user';
import { describeError } from '../../../lib/describe-error';
import { formatDateTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { ApiError, problemToForm } from '../../../lib/problem';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from '../api/api-keys';
import { defaultKeyRoles, keyRoleChoices, keyState, type KeyState } from './api-key-rules';

interface FormValues {
  name: string;
  agency_id?: string;
  roles: Role[];
  expires_at?: Dayjs | null;
}

const STATE_COLOR: Record<KeyState, string> = { active: 'success', revoked: 'default', expired: 'warning' };

interface Props {
  /** The webhooks of a key (a drawer of the webhooks feature, wired by the app), opened by "Webhook". */
  webhooks?: (key: Pick<ApiKey, 'id' | 'name'>, onClose: () => void) => ReactNode;
}

export function ApiKeysPage({ webhooks }: Props = {}) {
  const { t, language } = useI18n();
  const { message } = AntApp.useApp();
  const me = useCurrentUser();
  const tree = useAgencyTree(me.data?.agency_id);
  const agencyIndex = useMemo(() => indexAgencyTree(tree.data), [tree.data]);
  const agencyOptions = useMemo(() => (tree.data ? [agencyTreeOptions(tree.data)] : []), [tree.data]);
  const keys = useApiKeys();
  const create = useCreateApiKey();
  const revoke = useRevokeApiKey();
  const [formOpen, setFormOpen] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<NewApiKey | null>(null);
  const [webhooksOf, setWebhooksOf] = useState<ApiKey | null>(null);
  const manageWebhooks = Boolean(webhooks && me.data?.actions.manage_webhooks);
  const [form] = Form.useForm<FormValues>();
  const now = useMemo(() => new Date(), [keys.data]); // eslint-disable-line react-hooks/exhaustive-deps

  const onCreate = (values: FormValues) => {
    setFormError(null);
    create.mutate(
      { name: values.name.trim(), agency_id: values.agency_id ?? null, roles: values.roles, expires_at: values.expires_at ? values.expires_at.endOf('day').toISOString() : null },
      {
        onSuccess: (key) => {
          setFormOpen(false);
          form.resetFields();
          setCreated(key);
        },
        onError: (error) => {
          const mapped = problemToForm(error instanceof ApiError ? error.problem : null, ['name', 'agency_id', 'roles', 'expires_at'] as const, describeError(error, t), t, { name: t('apiKeys.name'), agency_id: t('apiKeys.agency'), roles: t('apiKeys.roles'), expires_at: t('apiKeys.expiresAt') });
          form.setFields(mapped.fields);
          setFormError(mapped.formMessage);
        },
      },
    );
  };

  const columns: TableColumnsType<ApiKey> = [
    { title: t('apiKeys.name'), dataIndex: 'name', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { title: t('apiKeys.prefix'), dataIndex: 'key_prefix', width: 150, render: (v: string) => <Typography.Text code>{v}…</Typography.Text> },
    { title: t('apiKeys.agency'), dataIndex: 'agency_id', responsive: ['md'], render: (id: string) => agencyIndex.get(id)?.name ?? t('common.none') },
    { title: t('apiKeys.roles'), dataIndex: 'roles', render: (roles: Role[]) => <Flex gap={4} wrap>{roles.map((r) => <Tag key={r}>{t(`role.${r}`)}</Tag>)}</Flex> },
    { title: t('apiKeys.expiresAt'), dataIndex: 'expires_at', width: 150, responsive: ['lg'], render: (v: string | null | undefined) => (v ? formatDateTime(v, language) : t('apiKeys.never')) },
    {
      title: t('common.status'),
      key: 'state',
      width: 120,
      render: (_, key) => {
        const state = keyState(key, now);
        return <Tag color={STATE_COLOR[state]}>{t(`apiKeys.state.${state}`)}</Tag>;
      },
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 200,
      render: (_, key) =>
        keyState(key, now) === 'revoked' ? null : (
          <Space size={4} wrap>
            {manageWebhooks && keyState(key, now) === 'active' && (
              <Button size="small" icon={<ApiOutlined />} onClick={() => setWebhooksOf(key)}>
                {t('webhooks.open')}
              </Button>
            )}
            <Popconfirm
              title={t('apiKeys.revokeConfirm', { name: key.name })}
              okText={t('apiKeys.revoke')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() =>
                revoke.mutate(key.id, {
                  onSuccess: () => void message.success(t('apiKeys.revoked')),
                  onError: (error) => void message.error(describeError(error, t)),
                })
              }
            >
              <Button size="small" danger icon={<DeleteOutlined />}>
                {t('apiKeys.revoke')}
              </Button>
            </Popconfirm>
          </Space>
        ),
    },
  ];

  return (
    <div className="page">
      <Flex justify="space-between" align="center" wrap gap={8} className="page-header">
        <Typography.Title level={1} className="page-title" style={{ margin: 0 }}>
          {t('apiKeys.title')}
        </Typography.Title>
        {me.data?.actions.manage_api_keys && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              setFormError(null);
              form.setFieldsValue({ agency_id: me.data?.agency_id, roles: defaultKeyRoles(me.data?.actions.grantable_key_roles) });
              setFormOpen(true);
            }}
          >
            {t('apiKeys.create')}
          </Button>
        )}
      </Flex>
      <Card size="small">
        <Typography.Paragraph type="secondary">{t('apiKeys.help')}</Typography.Paragraph>
        {keys.isError ? (
          <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />
        ) : (
          <Table<ApiKey>
            className="api-keys-table"
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={keys.data?.items ?? []}
            loading={keys.isFetching}
            pagination={false}
            locale={{ emptyText: keys.isPending ? t('common.loading') : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('apiKeys.empty')} /> }}
          />
        )}
      </Card>

      <Modal
        open={formOpen}
        title={t('apiKeys.create')}
        okText={t('apiKeys.createOk')}
        cancelText={t('common.cancel')}
        confirmLoading={create.isPending}
        onOk={() => form.submit()}
        onCancel={() => setFormOpen(false)}
        destroyOnHidden
      >
        {formError && <AntAlert type="error" showIcon message={formError} className="form-alert" />}
        <Form<FormValues> form={form} layout="vertical" onFinish={onCreate} preserve={false}>
          <Form.Item name="name" label={t('apiKeys.name')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('apiKeys.name').toLowerCase() }) }]} extra={t('apiKeys.nameHelp')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="agency_id" label={t('apiKeys.agency')}>
            <TreeSelect showSearch treeNodeFilterProp="title" treeData={agencyOptions} treeDefaultExpandAll={false} popupMatchSelectWidth={false} />
          </Form.Item>
          {/* Only what /me says a new key may get (at most the creator's own roles); the server decides. */}
          <Form.Item name="roles" label={t('apiKeys.roles')} rules={[{ required: true, message: t('common.required', { field: t('apiKeys.roles').toLowerCase() }) }]}>
            <Select<Role[]> mode="multiple" options={keyRoleChoices(me.data?.actions.grantable_key_roles).map((r) => ({ value: r, label: t(`role.${r}`) }))} />
          </Form.Item>
          <Form.Item name="expires_at" label={t('apiKeys.expiresAt')} extra={t('apiKeys.expiresHelp')}>
            <DatePicker format={language === 'vi' ? 'DD/MM/YYYY' : 'D MMM YYYY'} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={created !== null}
        title={
          <Flex gap={8} align="center">
            <KeyOutlined />
            {t('apiKeys.createdTitle')}
          </Flex>
        }
        onCancel={() => setCreated(null)}
        footer={
          <Button type="primary" onClick={() => setCreated(null)}>
            {t('apiKeys.createdDone')}
          </Button>
        }
        maskClosable={false}
      >
        <AntAlert type="warning" showIcon message={t('apiKeys.createdOnce')} className="form-alert" />
        <Typography.Paragraph>
          <Typography.Text strong>{created?.name}</Typography.Text>
        </Typography.Paragraph>
        <Typography.Paragraph code copyable={{ text: created?.key ?? '', tooltips: [t('apiKeys.copy'), t('apiKeys.copied')] }} className="new-api-key" style={{ wordBreak: 'break-all' }}>
          {created?.key}
        </Typography.Paragraph>
      </Modal>

      {webhooksOf && webhooks?.(webhooksOf, () => setWebhooksOf(null))}
    </div>
  );
}
