import { LogoutOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { LanguageSwitch } from '../../../components/LanguageSwitch';
import { LoadingState } from '../../../components/PageState';
import { useCurrentUser } from '../../../lib/current-user';
import { useI18n } from '../../../lib/i18n/i18n';
import { session } from '../../../lib/session';
import { signOut } from '../../../lib/sign-out';
import { TotpCard } from './TotpCard';

/**
 * All an enrol-only session shows (its role requires a second factor the user has not enrolled): why,
 * the enrolment, and the logout — no menu. Once confirmed, the server made the session a full one, so
 * closing the recovery codes opens the app without a new login.
 */
export function EnrolmentPage() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  const onEnrolled = () => {
    session.completeEnrolment();
    void queryClient.invalidateQueries();
  };

  const onLogout = async () => {
    await signOut(queryClient);
    void navigate('/login', { replace: true });
  };

  return (
    <div className="enrolment-page" data-testid="enrolment-page">
      <Flex justify="space-between" align="center" gap={12} wrap className="enrolment-header">
        <Flex align="center" gap={8}>
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <Typography.Text strong>{t('app.name')}</Typography.Text>
        </Flex>
        <Flex align="center" gap={8}>
          {me.data && <Typography.Text>{me.data.display_name}</Typography.Text>}
          <LanguageSwitch />
          <Button icon={<LogoutOutlined />} onClick={() => void onLogout()}>
            {t('shell.logout')}
          </Button>
        </Flex>
      </Flex>
      <div className="enrolment-body">
        <Typography.Title level={1} className="page-title">{t('enrol.title')}</Typography.Title>
        <Alert type="info" showIcon message={t('enrol.explain')} className="form-alert" />
        {me.data ? <TotpCard username={me.data.username} onEnrolled={onEnrolled} savedLabel={t('enrol.continue')} /> : <LoadingState />}
      </div>
    </div>
  );
}
