import type { AgencyKind, Indicator, ValueType } from '../../../api/models';
import type { MessageKey } from '../../../lib/i18n/i18n';

/** Who is acting: the signed-in user, its agency, roles and the agencies of its subtree (its own included). */
export interface Actor {
  userId: string;
  agencyId: string;
  roles: readonly string[];
  /** The agencies of the user's subtree, with their kind. */
  scope: { has(agencyId: string): boolean; values(): Iterable<{ id: string; kind: AgencyKind }> };
}

type SeriesDefinition = Pick<Indicator, 'group' | 'owner_agency_id' | 'reporting_agency_ids' | 'reporting_agency_kind' | 'source_agency_id'>;

/**
 * The series (reporting agencies) whose figures the actor writes (docs/indicators.md, "One datum — one
 * source — one owner"): reporters of the series' source only — the indicator's source agency for every
 * series when set, otherwise each reporting agency for itself. Composite values are computed, never written.
 * Agencies of `reporting_agency_kind` are taken from the actor's subtree (the server checks the owner's).
 */
export function writableAgencies(actor: Actor, indicator: SeriesDefinition): string[] {
  if (!actor.roles.includes('reporter') || indicator.group === 'composite') return [];
  const { reporting_agency_ids: ids, reporting_agency_kind: kind, owner_agency_id: owner, source_agency_id: source } = indicator;
  const isReporting = (id: string, agencyKind: AgencyKind | undefined) =>
    ids.length > 0 ? ids.includes(id) : kind ? agencyKind === kind : id === owner;
  if (source) {
    if (source !== actor.agencyId) return [];
    if (ids.length > 0) return [...ids];
    if (!kind) return [owner];
    return [...actor.scope.values()].filter((a) => a.kind === kind).map((a) => a.id);
  }
  const own = [...actor.scope.values()].find((a) => a.id === actor.agencyId);
  return isReporting(actor.agencyId, own?.kind) ? [actor.agencyId] : [];
}

/** Checks a figure against the indicator's value type; the message key, or null when it is fine. */
export function validateValue(valueType: ValueType, value: number | null | undefined): MessageKey | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return valueType === 'boolean' ? 'entry.booleanRange' : 'entry.notFinite';
  if (valueType === 'percent' && (value < 0 || value > 100)) return 'entry.percentRange';
  if (valueType === 'boolean' && value !== 0 && value !== 1) return 'entry.booleanRange';
  return null;
}

/** An optional evidence link: empty, or an absolute http(s) URL. */
export function validateEvidenceUrl(url: string | undefined): MessageKey | null {
  const trimmed = url?.trim() ?? '';
  if (!trimmed) return null;
  try {
    const parsed = new URL(trimmed);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? null : 'entry.badUrl';
  } catch {
    return 'entry.badUrl';
  }
}


/** Key of one period of one series, `${agency_id}|${period}`. */
export const seriesKey = (agencyId: string, period: string) => `${agencyId}|${period}`;
