import { AlertOutlined, MenuOutlined, ApartmentOutlined, AuditOutlined, CloudUploadOutlined, FileDoneOutlined, DashboardOutlined, InboxOutlined, KeyOutlined, CheckSquareOutlined, FileTextOutlined, LineChartOutlined, LogoutOutlined, PrinterOutlined, ProfileOutlined, SafetyOutlined, TeamOutlined, UnorderedListOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Drawer, Flex, Layout, Menu, Tag, Tooltip, Typography, type MenuProps } from 'antd';
import { useMemo, useState, type MouseEvent, type ReactNode } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useAwaitingDecisionCount } from '../lib/awaiting-decision';
import { useCurrentUser } from '../lib/current-user';
import { useMyWork } from '../lib/my-work';
import { useI18n, type Translate } from '../lib/i18n/i18n';
import { allows, visibleNavItems, type NavItem } from '../lib/navigation';
import { signOut } from '../lib/sign-out';
import { usePhone } from '../lib/use-phone';
import { LanguageSwitch } from './LanguageSwitch';
import { ErrorState, LoadingState } from './PageState';

const ICONS: Record<string, ReactNode> = {
  work: <InboxOutlined />,
  overview: <DashboardOutlined />,
  alerts: <AlertOutlined />,
  imports: <CloudUploadOutlined />,
  reports: <PrinterOutlined />,
  resolutions: <FileTextOutlined />,
  tasks: <UnorderedListOutlined />,
  indicators: <LineChartOutlined />,
  indicatorSets: <ProfileOutlined />,
  decisions: <FileDoneOutlined />,
  approvals: <CheckSquareOutlined />,
  admin: <SafetyOutlined />,
  agencies: <ApartmentOutlined />,
  users: <TeamOutlined />,
  audit: <AuditOutlined />,
  apiKeys: <KeyOutlined />,
  account: <UserOutlined />,
};

type MenuItem = Required<MenuProps>['items'][number];

/** Counts shown next to menu entries (what waits for the user), by item key; `danger` is red. */
interface MenuBadge {
  count: number;
  label: string;
  danger: boolean;
}
type Badges = Partial<Record<string, MenuBadge>>;

function MenuCount({ badge }: { badge: MenuBadge | undefined }) {
  if (!badge || badge.count <= 0) return null;
  return (
    <Badge
      count={badge.count}
      overflowCount={999}
      size="small"
      color={badge.danger ? undefined : 'blue'}
      className={`menu-badge${badge.danger ? ' menu-badge-danger' : ''}`}
      aria-label={badge.label}
      title={badge.label}
    />
  );
}

function toMenuItems(items: readonly NavItem[], t: Translate, badges: Badges = {}): MenuItem[] {
  return items.map((item) =>
    item.children
      ? { key: item.key, icon: ICONS[item.key], label: t(item.labelKey), children: toMenuItems(item.children, t, badges) }
      : {
          key: item.path ?? item.key,
          icon: ICONS[item.key],
          label: (
            <Link to={item.path ?? '/'}>
              {t(item.labelKey)}
              <MenuCount badge={badges[item.key]} />
            </Link>
          ),
        },
  );
}

/** The skip link moves the focus to the page's content without changing the address. */
function skipToMain(event: MouseEvent<HTMLAnchorElement>) {
  const main = document.getElementById('main');
  if (!main) return;
  event.preventDefault();
  main.focus();
  main.scrollIntoView();
}

/** `headerExtra`: what the app puts in the header before the language switch (the notification bell). */
export function AppShell({ headerExtra }: { headerExtra?: ReactNode }) {
  const { t } = useI18n();
  const me = useCurrentUser();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [collapsed, setCollapsed] = useState(false);
  // Below the md breakpoint (phones) the menu is a drawer opened from a button in the header.
  const narrow = usePhone();
  // Open on the page it was opened on: following a link (a new path) closes it.
  const [drawerAt, setDrawerAt] = useState<string | null>(null);
  const drawerOpen = narrow && drawerAt === location.pathname;

  const navItems = useMemo(() => visibleNavItems(me.data?.actions), [me.data?.actions]);
  const decisions = useAwaitingDecisionCount(allows(me.data?.actions, 'decide_tasks'));
  const work = useMyWork();
  const badges = useMemo<Badges>(() => {
    const counts = work.data?.counts;
    return {
      decisions: decisions.data ? { count: decisions.data, label: t('shell.waiting', { count: decisions.data }), danger: true } : undefined,
      work: counts
        ? {
            count: counts.total,
            danger: counts.overdue > 0,
            label: counts.overdue > 0 ? t('shell.workBadgeOverdue', { count: counts.total, overdue: counts.overdue }) : t('shell.workBadge', { count: counts.total }),
          }
        : undefined,
    };
  }, [decisions.data, work.data, t]);
  const menuItems = useMemo(() => toMenuItems(navItems, t, badges), [navItems, t, badges]);
  const selectedKey = '/' + location.pathname.split('/').filter(Boolean).slice(0, 2).join('/');
  const groupKeys = useMemo(() => navItems.filter((i) => i.children).map((i) => i.key), [navItems]);

  const onLogout = async () => {
    await signOut(queryClient);
    void navigate('/login', { replace: true });
  };

  if (me.isPending) return <LoadingState />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  const user = me.data;

  const menu = (
    <nav aria-label={t('shell.menu')}>
      <Menu
        mode="inline"
        inlineCollapsed={!narrow && collapsed}
        items={menuItems}
        selectedKeys={[selectedKey]}
        defaultOpenKeys={groupKeys}
        // On a phone, any entry closes the drawer (the page's own entry too, which changes no path).
        onClick={() => setDrawerAt(null)}
      />
    </nav>
  );
  const brand = (
    <Link to="/" className="app-brand" aria-label={t('app.name')}>
      <img src="/favicon.svg" alt="" width={28} height={28} />
      {(narrow || !collapsed) && <span>{t('app.name')}</span>}
    </Link>
  );

  return (
    <Layout className="app-shell">
      <a href="#main" className="skip-link" onClick={skipToMain}>
        {t('a11y.skipToMain')}
      </a>
      {narrow ? (
        <Drawer
          open={drawerOpen}
          onClose={() => setDrawerAt(null)}
          placement="left"
          width={280}
          title={brand}
          closable={{ 'aria-label': t('a11y.closeMenu') }}
          className="app-drawer"
          styles={{ body: { padding: 0 } }}
        >
          {menu}
        </Drawer>
      ) : (
        <Layout.Sider breakpoint="lg" collapsible collapsed={collapsed} onCollapse={setCollapsed} width={232} theme="light" className="app-sider">
          {brand}
          {menu}
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header className="app-header">
          <Flex align="center" justify="flex-end" gap={12} wrap className="app-header-inner">
            {narrow && (
              <Button
                className="app-menu-button"
                icon={<MenuOutlined />}
                aria-label={t('a11y.openMenu')}
                aria-expanded={drawerOpen}
                data-testid="menu-button"
                onClick={() => setDrawerAt(location.pathname)}
              />
            )}
            <div className="app-user" data-testid="current-user">
              <Typography.Text strong>{user.display_name}</Typography.Text>
              <Typography.Text type="secondary" className="app-user-agency" ellipsis={{ tooltip: user.agency.name }}>
                {user.agency.name}
              </Typography.Text>
            </div>
            <Flex gap={4} wrap className="app-roles">
              {user.roles.map((role) => (
                <Tag key={role} color={role === 'admin' ? 'red' : 'blue'} bordered={false}>
                  {t(`role.${role}`)}
                </Tag>
              ))}
            </Flex>
            {headerExtra}
            <LanguageSwitch />
            <Tooltip title={t('shell.logout')}>
              <Button icon={<LogoutOutlined />} aria-label={t('shell.logout')} onClick={() => void onLogout()}>
                <span className="hide-narrow">{t('shell.logout')}</span>
              </Button>
            </Tooltip>
          </Flex>
        </Layout.Header>
        <Layout.Content className="app-content" id="main" tabIndex={-1}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
