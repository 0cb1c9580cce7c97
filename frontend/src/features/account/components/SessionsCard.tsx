import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Popconfirm, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { LoginSession } from '../../../api/models';
import { ErrorState } from '../../../components/PageState';
import { describeError } from '../../../lib/describe-error';
import { formatDateTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { session as currentSession } from '../../../lib/session';
import { useEndMySession, useMySessions } from '../api/sessions';

/** "Phiên đăng nhập": where and with what the user is signed in; any session can be ended (the current one logs out). */
export function SessionsCard() {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const sessions = useMySessions();
  const end = useEndMySession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);

  const onEnd = async (row: LoginSession) => {
    setError(null);
    try {
      await end.mutateAsync(row.id);
      if (row.current) {
        // The server has ended this very session: what is left is to forget it here.
        currentSession.end('logged_out');
        queryClient.clear();
        void navigate('/login', { replace: true });
        return;
      }
      void message.success(t('sessions.ended'));
    } catch (e) {
      setError(describeError(e, t));
    }
  };

  if (sessions.isError) {
    return (
      <Card size="small" title={t('sessions.title')}>
        <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />
      </Card>
    );
  }

  return (
    <Card size="small" title={t('sessions.title')} data-testid="sessions-card">
      {error && <Alert type="error" showIcon role="alert" message={error} className="form-alert" />}
      <Table<LoginSession>
        rowKey="id"
        size="small"
        loading={sessions.isPending}
        dataSource={sessions.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Typography.Text type="secondary">{t('sessions.empty')}</Typography.Text> }}
        onRow={(row) => ({ 'data-session-id': row.id, 'data-current': row.current ? 'true' : 'false' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            key: 'device',
            title: t('sessions.device'),
            render: (_, row) => (
              <div className="session-device">
                <Typography.Text ellipsis={{ tooltip: row.user_agent }} style={{ maxWidth: 260 }}>
                  {row.user_agent || t('sessions.unknownDevice')}
                </Typography.Text>
                {row.current && (
                  <Tag color="blue" bordered={false} style={{ marginLeft: 8 }}>
                    {t('sessions.current')}
                  </Tag>
                )}
              </div>
            ),
          },
          { key: 'address', title: t('sessions.address'), render: (_, row) => row.client_address ?? t('common.none') },
          { key: 'created', title: t('sessions.createdAt'), render: (_, row) => formatDateTime(row.created_at, language) },
          { key: 'active', title: t('sessions.lastActive'), render: (_, row) => formatDateTime(row.last_active_at, language) },
          {
            key: 'end',
            title: t('common.actions'),
            render: (_, row) => (
              <Popconfirm
                title={row.current ? t('sessions.endCurrentConfirm') : t('sessions.endConfirm')}
                okText={t('sessions.end')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={() => void onEnd(row)}
              >
                <Button size="small" danger>
                  {t('sessions.end')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Card>
  );
}
