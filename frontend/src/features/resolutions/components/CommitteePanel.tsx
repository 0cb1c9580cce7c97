import { EditOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { AgencyBrief } from '../../../api/models';
import { describeError } from '../../../lib/describe-error';
import { useI18n } from '../../../lib/i18n/i18n';
import { useCommittee } from '../api/committee';
import { CommitteeFormModal } from './CommitteeFormModal';

const agencyLabel = (a: AgencyBrief) => (
  <span className="committee-agency" data-code={a.code}>
    {a.name}
  </span>
);

/**
 * "Ban chỉ đạo": the resolution's standing agency and member agencies. The edit button follows the
 * committee's `actions.edit` from the server.
 */
export function CommitteePanel({ resolutionId, resolutionCode }: { resolutionId: string; resolutionCode: string }) {
  const { t } = useI18n();
  const committee = useCommittee(resolutionId);
  const [editing, setEditing] = useState(false);
  const data = committee.data;
  const empty = data && !data.standing_agency_id && data.member_agency_ids.length === 0;

  return (
    <Card
      size="small"
      className="committee-panel"
      data-testid="committee-panel"
      title={<span id="committee-title">{t('committee.title')}</span>}
      extra={
        data?.actions.edit && (
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)}>
            {t('committee.edit')}
          </Button>
        )
      }
    >
      <section aria-labelledby="committee-title">
        <Typography.Paragraph type="secondary" className="committee-explain">
          {t('committee.explain')}
        </Typography.Paragraph>
        {committee.isPending && <Skeleton active paragraph={{ rows: 1 }} title={false} />}
        {committee.isError && (
          <Alert
            type="warning"
            showIcon
            role="alert"
            message={describeError(committee.error, t)}
            action={<Button size="small" icon={<ReloadOutlined />} onClick={() => void committee.refetch()}>{t('common.retry')}</Button>}
          />
        )}
        {empty && (
          <Typography.Text data-testid="committee-empty">{t('committee.empty')}</Typography.Text>
        )}
        {data && !empty && (
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('committee.standing')}>
              <span data-testid="committee-standing">
                {data.standing_agency ? agencyLabel(data.standing_agency) : <Typography.Text type="secondary">{t('committee.noStanding')}</Typography.Text>}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('committee.members')}>
              {data.members.length > 0 ? (
                <ul className="committee-members" data-testid="committee-members" aria-label={t('committee.members')}>
                  {data.members.map((m) => (
                    <li key={m.id}>
                      <Tag>{agencyLabel(m)}</Tag>
                    </li>
                  ))}
                </ul>
              ) : (
                <Typography.Text type="secondary">{t('committee.noMembers')}</Typography.Text>
              )}
            </Descriptions.Item>
          </Descriptions>
        )}
      </section>
      {editing && data && <CommitteeFormModal resolutionId={resolutionId} resolutionCode={resolutionCode} committee={data} onClose={() => setEditing(false)} />}
    </Card>
  );
}
