import type {
  AgencyKind,
  Aggregation,
  CreateIndicatorBody,
  Direction,
  Frequency,
  Indicator,
  IndicatorGroup,
  UpdateIndicatorBody,
  ValueType,
} from '../../../api/models';
import { decimalText, isPeriod, parseDecimal } from '../../../lib/decimal';
import type { Language, MessageKey, Translate } from '../../../lib/i18n/i18n';
import { validateValue } from './value-rules';

/** Who reports: the owner alone, listed agencies, or every agency of a kind below the owner. */
export type ReportingMode = 'owner' | 'agencies' | 'kind';

export interface IndicatorFormValues {
  code: string;
  name: string;
  group: IndicatorGroup;
  unit?: string;
  value_type: ValueType;
  direction: Direction;
  aggregation: Aggregation;
  frequency: Frequency;
  owner_agency_id: string;
  description?: string;
  definition?: string;
  data_source?: string;
  method?: string;
  verification?: string;
  formula?: string;
  /** Numbers are typed as text and parsed (decimal comma or point), so that bad input is refused, not dropped. */
  baseline_value?: string;
  baseline_period?: string;
  target_value?: string;
  target_period?: string;
  reporting_mode: ReportingMode;
  reporting_agency_ids?: string[];
  reporting_agency_kind?: AgencyKind;
  source_agency_id?: string;
  task_id?: string;
  drives_task_progress?: boolean;
}

/** Named as the API names them, so that 422 errors land next to the right input. */
export const INDICATOR_FORM_FIELDS = [
  'code', 'name', 'group', 'unit', 'value_type', 'direction', 'aggregation', 'frequency', 'owner_agency_id', 'description',
  'definition', 'data_source', 'method', 'verification', 'formula', 'baseline_value', 'baseline_period', 'target_value',
  'target_period', 'reporting_agency_ids', 'reporting_agency_kind', 'source_agency_id', 'task_id', 'drives_task_progress',
] as const;
export type IndicatorField = (typeof INDICATOR_FORM_FIELDS)[number];
/** The form's labels, also naming the fields in the server's refusals. */
export type IndicatorLabels = Record<IndicatorField | 'reporting_mode', string>;

/** A figure field (baseline or final target): empty, or a number the value type allows. */
export function checkFigure(text: string | undefined, valueType: ValueType): MessageKey | null {
  if (!text?.trim()) return null;
  const value = parseDecimal(text);
  if (value === null) return 'plan.notANumber';
  return validateValue(valueType, value);
}

/** A period field: empty, or a period the API accepts (`2025`, `2025-H1`, `2025-Q3`, `2025-09`). */
export function checkPeriod(text: string | undefined): MessageKey | null {
  return !text?.trim() || isPeriod(text) ? null : 'plan.badPeriod';
}

/** A figure with no period, or a period with no figure, says half of what it means. */
export function checkPair(value: string | undefined, period: string | undefined): MessageKey | null {
  return Boolean(value?.trim()) === Boolean(period?.trim()) ? null : 'plan.valueAndPeriod';
}

export function indicatorToFormValues(i: Indicator, language: Language): IndicatorFormValues {
  return {
    code: i.code,
    name: i.name,
    group: i.group,
    unit: i.unit,
    value_type: i.value_type,
    direction: i.direction,
    aggregation: i.aggregation,
    frequency: i.frequency,
    owner_agency_id: i.owner_agency_id,
    description: i.description,
    definition: i.definition,
    data_source: i.data_source,
    method: i.method,
    verification: i.verification,
    formula: i.formula ?? '',
    baseline_value: decimalText(i.baseline_value, language),
    baseline_period: i.baseline_period ?? '',
    target_value: decimalText(i.target_value, language),
    target_period: i.target_period ?? '',
    reporting_mode: i.reporting_agency_ids.length > 0 ? 'agencies' : i.reporting_agency_kind ? 'kind' : 'owner',
    reporting_agency_ids: [...i.reporting_agency_ids],
    reporting_agency_kind: i.reporting_agency_kind ?? undefined,
    source_agency_id: i.source_agency_id ?? undefined,
    task_id: i.task_id ?? undefined,
    drives_task_progress: i.drives_task_progress,
  };
}

const text = (s: string | undefined) => (s ?? '').trim();
const orNull = (s: string | undefined) => text(s) || null;

/** The create body; only called once the form has validated, so every number parses. */
export function toCreateIndicatorBody(v: IndicatorFormValues): CreateIndicatorBody {
  return {
    code: text(v.code),
    name: text(v.name),
    group: v.group,
    unit: text(v.unit),
    value_type: v.value_type,
    direction: v.direction,
    aggregation: v.aggregation,
    frequency: v.frequency,
    owner_agency_id: v.owner_agency_id,
    description: text(v.description),
    definition: text(v.definition),
    data_source: text(v.data_source),
    method: text(v.method),
    verification: text(v.verification),
    formula: v.group === 'composite' ? orNull(v.formula) : null,
    baseline_value: parseDecimal(v.baseline_value),
    baseline_period: orNull(v.baseline_period),
    target_value: parseDecimal(v.target_value),
    target_period: orNull(v.target_period),
    reporting_agency_ids: v.reporting_mode === 'agencies' ? (v.reporting_agency_ids ?? []) : [],
    reporting_agency_kind: v.reporting_mode === 'kind' ? (v.reporting_agency_kind ?? null) : null,
    source_agency_id: v.source_agency_id ?? null,
    task_id: v.task_id ?? null,
    drives_task_progress: Boolean(v.task_id) && Boolean(v.drives_task_progress),
  };
}

/**
 * The fields set before and emptied now that the API cannot clear: it reads `null` in a PATCH as
 * "unchanged" for these, so the form refuses them rather than pretend to save. (The linked task is
 * not among them: `task_id: null` unlinks.)
 */
export function clearedFields(v: IndicatorFormValues, original: Indicator): IndicatorField[] {
  const next = toCreateIndicatorBody(v);
  const candidates = ['baseline_value', 'baseline_period', 'target_value', 'target_period', 'source_agency_id', 'formula'] as const;
  return candidates.filter((key) => (original[key] ?? null) !== null && (next[key] ?? null) === null && (key !== 'formula' || original.group === 'composite'));
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Only what the user changed; group, frequency and owner cannot change (the API has no such fields). */
export function toUpdateIndicatorBody(v: IndicatorFormValues, original: Indicator): UpdateIndicatorBody {
  const next = toCreateIndicatorBody(v);
  const body: UpdateIndicatorBody = {};
  const put = <K extends keyof UpdateIndicatorBody>(key: K, value: UpdateIndicatorBody[K], before: unknown) => {
    if ((value ?? null) !== (before ?? null)) body[key] = value;
  };
  put('code', next.code, original.code);
  put('name', next.name, original.name);
  put('unit', next.unit, original.unit);
  put('value_type', next.value_type, original.value_type);
  put('direction', next.direction, original.direction);
  put('aggregation', next.aggregation, original.aggregation);
  for (const key of ['description', 'definition', 'data_source', 'method', 'verification'] as const) put(key, next[key], original[key]);
  if (original.group === 'composite') put('formula', next.formula, original.formula);
  put('baseline_value', next.baseline_value, original.baseline_value);
  put('baseline_period', next.baseline_period, original.baseline_period);
  put('target_value', next.target_value, original.target_value);
  put('target_period', next.target_period, original.target_period);
  if (!sameList(next.reporting_agency_ids ?? [], original.reporting_agency_ids)) body.reporting_agency_ids = next.reporting_agency_ids;
  put('reporting_agency_kind', next.reporting_agency_kind, original.reporting_agency_kind);
  put('source_agency_id', next.source_agency_id, original.source_agency_id);
  put('task_id', next.task_id, original.task_id);
  put('drives_task_progress', next.drives_task_progress, original.drives_task_progress);
  return body;
}

/** Starting values of a new indicator: the user's agency owns it and alone reports; the group is the planner's choice. */
export const newIndicatorDefaults = (ownerId: string | undefined): Partial<IndicatorFormValues> => ({
  owner_agency_id: ownerId,
  value_type: 'number',
  direction: 'increase',
  aggregation: 'sum',
  frequency: 'yearly',
  reporting_mode: 'owner',
  drives_task_progress: false,
});

/** The labels of the form, also naming the fields in the server's refusals. */
export function indicatorLabels(t: Translate): IndicatorLabels {
  return {
    code: t('indicators.code'),
    name: t('indicators.name'),
    group: t('indicators.group'),
    unit: t('indicators.unit'),
    value_type: t('indicators.valueType'),
    direction: t('indicators.direction'),
    aggregation: t('indicators.aggregation'),
    frequency: t('indicators.frequency'),
    owner_agency_id: t('indicators.owner'),
    description: t('indicators.description'),
    definition: t('indicators.definition'),
    data_source: t('indicators.dataSource'),
    method: t('indicators.method'),
    verification: t('indicators.verification'),
    formula: t('indicators.formula'),
    baseline_value: t('indicators.baseline'),
    baseline_period: t('plan.baselinePeriod'),
    target_value: t('plan.finalTarget'),
    target_period: t('plan.finalTargetPeriod'),
    reporting_mode: t('indicators.reporting'),
    reporting_agency_ids: t('plan.reportingAgencyList'),
    reporting_agency_kind: t('plan.reportingAgencyKind'),
    source_agency_id: t('indicators.source'),
    task_id: t('plan.task'),
    drives_task_progress: t('indicators.drivesTask'),
  };
}
