import type { AgencyTreeNode, Indicator } from '../../../api/models';

type SeriesFacts = Pick<Indicator, 'group' | 'owner_agency_id' | 'reporting_agency_ids' | 'reporting_agency_kind'>;

/**
 * Whether the series chosen on the indicator page is one reporting agency's own series rather than
 * the roll-up of a subtree: the indicator is not computed and the agency reports it (one of
 * `reporting_agency_ids`, an active agency of `reporting_agency_kind`, or the owner when neither is
 * set — the server's reading of the reference sheet). It only chooses which directives are listed (that
 * series', or those of every series); whether one may be issued is the series' `actions`.
 */
export function isOneSeries(indicator: SeriesFacts, agencyId: string | undefined, agency: Pick<AgencyTreeNode, 'kind' | 'status'> | undefined): boolean {
  if (!agencyId || indicator.group === 'composite') return false;
  if (indicator.reporting_agency_kind) return agency?.kind === indicator.reporting_agency_kind && agency.status === 'active';
  if (indicator.reporting_agency_ids.length > 0) return indicator.reporting_agency_ids.includes(agencyId);
  return agencyId === indicator.owner_agency_id;
}
