import { BellOutlined } from '@ant-design/icons';
import { App, Badge, Button, Flex, Popover, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { Notification } from '../../../api/models';
import { EmptyState, ErrorState } from '../../../components/PageState';
import { describeError } from '../../../lib/describe-error';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n/i18n';
import { useLatestNotifications, useMarkRead, useUnreadCount } from '../api/notifications';

/** Only the web app's own routes are followed; anything else would leave the app. */
const isAppRoute = (link: string) => link.startsWith('/') && !link.startsWith('//');

/**
 * The bell in the header: the unread count (polled every minute and on focus) and, when opened, the
 * latest notifications. Opening one marks it read and goes to its page.
 */
export function NotificationBell() {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount();
  const latest = useLatestNotifications(open);
  const markRead = useMarkRead();
  const count = unread.data ?? 0;

  const openOne = (n: Notification) => {
    if (!n.read) markRead.mutate([n.id], { onError: (error) => void message.error(describeError(error, t)) });
    setOpen(false);
    if (isAppRoute(n.link)) void navigate(n.link);
  };
  const markAll = async () => {
    try {
      await markRead.mutateAsync(undefined);
      void message.success(t('bell.markedAll'));
    } catch (error) {
      void message.error(describeError(error, t));
    }
  };

  const items = latest.data?.items ?? [];
  const content = (
    <div className="bell-panel" data-testid="bell-panel">
      <Flex justify="space-between" align="center" gap={12} className="bell-panel-header">
        <Typography.Text strong>{t('bell.title')}</Typography.Text>
        <Button size="small" type="link" disabled={count === 0} loading={markRead.isPending && markRead.variables === undefined} onClick={() => void markAll()}>
          {t('bell.markAll')}
        </Button>
      </Flex>
      {latest.isError ? (
        <ErrorState error={latest.error} onRetry={() => void latest.refetch()} />
      ) : latest.isPending ? (
        <div className="bell-loading">
          <Spin />
        </div>
      ) : items.length === 0 ? (
        <EmptyState description={t('bell.empty')} />
      ) : (
        <ul className="bell-list">
          {items.map((n) => (
            <li key={n.id}>
              <button type="button" className={`bell-item${n.read ? '' : ' bell-item-unread'}`} data-id={n.id} data-read={n.read} onClick={() => openOne(n)}>
                <span className="bell-item-title">
                  {!n.read && <Badge status="processing" className="bell-dot" />}
                  {n.kind === 'report_ready' && (
                    <Tag color="blue" bordered={false} className="bell-kind">
                      {t('notificationKind.report_ready')}
                    </Tag>
                  )}
                  {n.title}
                </span>
                <span className="bell-item-body">{n.body}</span>
                <span className="bell-item-time">
                  {formatDateTime(n.created_at, language)}
                  {!n.read && <span className="bell-new"> · {t('bell.new')}</span>}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {latest.data && latest.data.total > items.length && (
        <Typography.Text type="secondary" className="bell-more">
          {t('bell.more', { shown: formatNumber(items.length, language), total: formatNumber(latest.data.total, language) })}
        </Typography.Text>
      )}
    </div>
  );

  return (
    <Popover content={content} trigger="click" open={open} onOpenChange={setOpen} placement="bottomRight" arrow={false} destroyOnHidden>
      <Badge count={count} size="small" overflowCount={99} className="bell-badge">
        <Button
          shape="circle"
          icon={<BellOutlined />}
          data-testid="bell"
          data-unread={count}
          aria-label={count > 0 ? t('bell.unread', { count: formatNumber(count, language) }) : t('bell.label')}
        />
      </Badge>
    </Popover>
  );
}
