import type { CreateSetBody, IndicatorSet, UpdateSetBody } from '../../../api/models';
import { decimalText, parseDecimal } from '../../../lib/decimal';
import type { Language, MessageKey } from '../../../lib/i18n/i18n';

export interface SetItemRow {
  indicator_id?: string;
  /** Typed as text (decimal comma or point) and refused when it is not a number in (0, 1000]. */
  weight: string;
}

export interface SetFormValues {
  code: string;
  name: string;
  owner_agency_id: string;
  items: SetItemRow[];
}

/** Named as the API names them, so that 422 errors land next to the right input. */
export const SET_FORM_FIELDS = ['code', 'name', 'owner_agency_id', 'items'] as const;

/** A weight: a number above 0 and at most 1000. */
export function checkWeight(text: string | undefined): MessageKey | null {
  const value = parseDecimal(text);
  if (value === null) return 'plan.notANumber';
  return value > 0 && value <= 1000 ? null : 'plan.set.weightRange';
}

/** The indexes of rows that name an indicator an earlier row already holds. */
export function repeatedIndicators(rows: readonly SetItemRow[]): number[] {
  const seen = new Set<string>();
  return rows.flatMap((row, index) => {
    if (!row.indicator_id) return [];
    if (seen.has(row.indicator_id)) return [index];
    seen.add(row.indicator_id);
    return [];
  });
}

export function setToFormValues(set: IndicatorSet, language: Language): SetFormValues {
  return {
    code: set.code,
    name: set.name,
    owner_agency_id: set.owner_agency_id,
    items: set.items.map((item) => ({ indicator_id: item.indicator_id, weight: decimalText(item.weight, language) })),
  };
}

const items = (rows: readonly SetItemRow[]) =>
  rows.map((row) => ({ indicator_id: row.indicator_id ?? '', weight: parseDecimal(row.weight) ?? Number.NaN }));

/** Called only once the form has validated. */
export function toCreateSetBody(values: SetFormValues): CreateSetBody {
  return { code: values.code.trim(), name: values.name.trim(), owner_agency_id: values.owner_agency_id, items: items(values.items ?? []) };
}

/** Only what changed: the name, and the items as a whole when any differs. */
export function toUpdateSetBody(values: SetFormValues, original: IndicatorSet): UpdateSetBody {
  const body: UpdateSetBody = {};
  const name = values.name.trim();
  if (name !== original.name) body.name = name;
  const next = items(values.items ?? []);
  const same = next.length === original.items.length && next.every((item, i) => item.indicator_id === original.items[i]?.indicator_id && item.weight === original.items[i]?.weight);
  if (!same) body.items = next;
  return body;
}
