import type { Frequency, InterimTarget, PutTargetsBody, ValueType } from '../../../api/models';
import { decimalText, parseDecimal } from '../../../lib/decimal';
import type { Language, MessageKey } from '../../../lib/i18n/i18n';
import { FREQUENCY_KIND, parsePeriod } from '../../../lib/periods';
import { validateValue } from './value-rules';

/** `agency_id` empty: the target of every reporting agency. */
export const ALL_AGENCIES = '';

export interface TargetRow {
  agency_id: string;
  period: string;
  /** Typed as text (decimal comma or point) and refused when it is not a number. */
  value: string;
}

export interface TargetsFormValues {
  interim: TargetRow[];
}

export function targetsToRows(interim: readonly InterimTarget[], language: Language): TargetRow[] {
  return interim.map((t) => ({ agency_id: t.agency_id ?? ALL_AGENCIES, period: t.period, value: decimalText(t.value, language) }));
}

/** A target period: of the indicator's frequency (a quarterly indicator has quarterly targets). */
export function checkTargetPeriod(text: string | undefined, frequency: Frequency): MessageKey | null {
  const parsed = parsePeriod((text ?? '').trim());
  if (!parsed || parsed.year < 1900 || parsed.year > 2200) return 'plan.badPeriod';
  return parsed.kind === FREQUENCY_KIND[frequency] ? null : 'plan.periodFrequency';
}

/** A target figure: a number the value type allows (a percentage 0–100, yes/no 0 or 1). */
export function checkTargetValue(text: string | undefined, valueType: ValueType): MessageKey | null {
  const value = parseDecimal(text);
  if (value === null) return 'plan.notANumber';
  return validateValue(valueType, value);
}

/** The indexes of rows that repeat an earlier row's agency and period. */
export function duplicateRows(rows: readonly Partial<TargetRow>[]): number[] {
  const seen = new Set<string>();
  return rows.flatMap((row, index) => {
    const key = `${row.agency_id ?? ALL_AGENCIES}|${(row.period ?? '').trim()}`;
    if (seen.has(key)) return [index];
    seen.add(key);
    return [];
  });
}

/** The PUT body; called only once every row has validated. */
export function toPutTargetsBody(values: TargetsFormValues): PutTargetsBody {
  return {
    interim: (values.interim ?? []).map((row) => ({
      agency_id: row.agency_id || null,
      period: row.period.trim(),
      value: parseDecimal(row.value) ?? Number.NaN,
    })),
  };
}
