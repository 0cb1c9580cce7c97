import type { ValueType } from '../../../api/models';
import type { MessageKey } from '../../../lib/i18n/i18n';

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
