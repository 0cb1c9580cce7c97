import { EditOutlined, LockOutlined, LogoutOutlined, PlusOutlined, SafetyOutlined, UnlockOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Flex, Input, Popconfirm, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import type { User } from '../../../api/models';
import { EmptyState, ErrorState } from '../../../components/PageState';
import { agencyTreeOptions, indexAgencyTree, useAgencyTree } from '../../../lib/agency-tree';
import { useCurrentUser } from '../../../lib/current-user';
import { describeError } from '../../../lib/describe-error';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { useCreateUser, useEndUserSessions, useResetUserTotp, useUpdateUser, useUsers } from '../api/users';
import { UserFormModal, type UserFormValues } from './UserFormModal';

const PAGE_SIZE = 20;

export function UsersPage() {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const tree = useAgencyTree(me.data?.agency_id);
  const [search, setSearch] = useState('');
  const [agencyId, setAgencyId] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(PAGE_SIZE);
  const [editing, setEditing] = useState<User | 'new' | null>(null);

  const users = useUsers({
    q: search || undefined,
    agency_id: agencyId,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  const createUser = useCreateUser();
  const updateUser = useUpdateUser();
  const endSessions = useEndUserSessions();
  const resetTotp = useResetUserTotp();

  const agencies = useMemo(() => indexAgencyTree(tree.data), [tree.data]);
  const agencyOptions = useMemo(() => (tree.data ? [agencyTreeOptions(tree.data)] : []), [tree.data]);

  const setActive = async (user: User, active: boolean) => {
    try {
      await updateUser.mutateAsync({ id: user.id, body: { active } });
      void message.success(t('common.saved'));
    } catch (error) {
      void message.error(describeError(error, t));
    }
  };

  const onEndSessions = async (user: User) => {
    try {
      const count = await endSessions.mutateAsync(user.id);
      void message.success(t('users.sessionsEnded', { count, name: user.username }));
    } catch (error) {
      void message.error(describeError(error, t));
    }
  };

  const onResetTotp = async (user: User) => {
    try {
      await resetTotp.mutateAsync(user.id);
      void message.success(t('users.totpReset', { name: user.username }));
    } catch (error) {
      void message.error(describeError(error, t));
    }
  };

  const save = async (values: UserFormValues) => {
    if (editing === 'new') {
      const created = await createUser.mutateAsync({
        username: values.username,
        display_name: values.display_name,
        agency_id: values.agency_id,
        roles: values.roles,
        password: values.password ?? '',
      });
      void message.success(t('users.created', { username: created.username }));
    } else if (editing) {
      // Only what the login's actions allow is sent (the server refuses, say, one's own roles).
      const can = editing.actions;
      await updateUser.mutateAsync({
        id: editing.id,
        body: {
          display_name: values.display_name,
          agency_id: values.agency_id,
          ...(can.grantable_roles.length > 0 ? { roles: values.roles } : {}),
          ...(can.deactivate ? { active: values.active } : {}),
          ...(can.set_password && values.password ? { password: values.password } : {}),
        },
      });
      void message.success(t('common.saved'));
    }
  };

  const columns: ColumnsType<User> = [
    { title: t('users.username'), dataIndex: 'username', key: 'username', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { title: t('users.displayName'), dataIndex: 'display_name', key: 'display_name' },
    {
      title: t('users.agency'),
      dataIndex: 'agency_id',
      key: 'agency',
      responsive: ['lg'],
      render: (id: string) => {
        const agency = agencies.get(id);
        return agency ? <span title={agency.name}>{agency.code} — {agency.name}</span> : <Typography.Text type="secondary">{id}</Typography.Text>;
      },
    },
    {
      title: t('users.roles'),
      dataIndex: 'roles',
      key: 'roles',
      render: (roles: User['roles']) => (
        <Flex gap={4} wrap>
          {roles.map((r) => (
            <Tag key={r} bordered={false} color={r === 'admin' ? 'red' : 'blue'}>
              {t(`role.${r}`)}
            </Tag>
          ))}
        </Flex>
      ),
    },
    {
      title: t('common.status'),
      dataIndex: 'active',
      key: 'active',
      render: (active: boolean) => <Badge status={active ? 'success' : 'default'} text={active ? t('users.active') : t('users.inactive')} />,
    },
    { title: t('users.updatedAt'), dataIndex: 'updated_at', key: 'updated_at', responsive: ['xxl'], render: (v: string) => formatDateTime(v, language) },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_: unknown, user: User) => (
        <Space size={4} wrap>
          {user.actions.edit && (
            <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(user)}>
              {t('common.edit')}
            </Button>
          )}
          {user.actions.deactivate &&
            (user.active ? (
              <Popconfirm
                title={t('users.deactivateConfirm', { username: user.username })}
                okText={t('users.deactivate')}
                cancelText={t('common.cancel')}
                onConfirm={() => void setActive(user, false)}
              >
                <Button size="small" danger icon={<LockOutlined />}>
                  {t('users.deactivate')}
                </Button>
              </Popconfirm>
            ) : (
              <Button size="small" icon={<UnlockOutlined />} onClick={() => void setActive(user, true)}>
                {t('users.activate')}
              </Button>
            ))}
          {user.actions.end_sessions && (
            <Popconfirm
              title={t('users.endSessionsConfirm', { name: user.username })}
              okText={t('users.endSessions')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => void onEndSessions(user)}
            >
              <Button size="small" icon={<LogoutOutlined />}>
                {t('users.endSessions')}
              </Button>
            </Popconfirm>
          )}
          {user.actions.end_sessions && (
            <Popconfirm
              title={t('users.resetTotpConfirm', { name: user.username })}
              okText={t('users.resetTotp')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => void onResetTotp(user)}
            >
              <Button size="small" icon={<SafetyOutlined />}>
                {t('users.resetTotp')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div className="page">
      <Flex justify="space-between" align="center" wrap gap={8} className="page-header">
        <Typography.Title level={1} className="page-title" style={{ margin: 0 }}>
          {t('users.title')}
        </Typography.Title>
        {me.data?.actions.manage_users && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('users.createTitle')}
          </Button>
        )}
      </Flex>
      <Card size="small">
        <Flex gap={12} wrap className="filters">
          <Input.Search
            allowClear
            aria-label={t('users.search')}
            placeholder={t('users.search')}
            onSearch={(value) => {
              setSearch(value.trim());
              setPage(1);
            }}
            style={{ width: 320, maxWidth: '100%' }}
          />
          <TreeSelect
            allowClear
            aria-label={t('users.agencyFilter')}
            placeholder={t('users.agencyFilter')}
            treeData={agencyOptions}
            showSearch
            treeNodeFilterProp="title"
            value={agencyId}
            onChange={(value: string | undefined) => {
              setAgencyId(value);
              setPage(1);
            }}
            style={{ width: 360, maxWidth: '100%' }}
          />
        </Flex>
        {users.isError ? (
          <ErrorState error={users.error} onRetry={() => void users.refetch()} />
        ) : (
          <Table<User>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={users.data?.items ?? []}
            loading={users.isFetching}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: users.isPending ? ' ' : <EmptyState description={t('users.empty')} /> }}
            pagination={{
              current: page,
              pageSize,
              total: users.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (total) => t('common.total', { count: formatNumber(total, language) }),
              onChange: (nextPage, nextSize) => {
                setPage(nextSize === pageSize ? nextPage : 1);
                setPageSize(nextSize);
              },
            }}
          />
        )}
      </Card>
      {editing !== null && (
      <UserFormModal
        user={editing === 'new' ? undefined : editing}
        grantableRoles={me.data?.actions.grantable_roles ?? []}
        agencyOptions={agencyOptions}
        defaultAgencyId={agencyId ?? me.data?.agency_id}
        onSubmit={save}
        onClose={() => setEditing(null)}
      />
      )}
    </div>
  );
}
