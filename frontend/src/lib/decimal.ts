import type { Language } from './i18n/i18n';
import { parsePeriod } from './periods';

/**
 * A number as typed by a user: an optional minus, digits and at most one decimal separator, a comma
 * (Vietnamese) or a point; no thousands separators, no exponent. `null` for anything else, so that
 * "abc" or "1.2.3" is refused rather than read as something the user did not write.
 */
export function parseDecimal(text: string | null | undefined): number | null {
  const trimmed = (text ?? '').trim();
  if (!/^-?\d+(?:[.,]\d+)?$/.test(trimmed)) return null;
  const value = Number(trimmed.replace(',', '.'));
  return Number.isFinite(value) ? value : null;
}

/** A number as a user types it back: a decimal comma in Vietnamese, no grouping. */
export function decimalText(value: number | null | undefined, language: Language): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return language === 'vi' ? text.replace('.', ',') : text;
}

/** Whether a period text is a valid reporting period (`2025`, `2025-H1`, `2025-Q3`, `2025-09`) of 1900–2200. */
export function isPeriod(text: string): boolean {
  const parsed = parsePeriod(text.trim());
  return parsed !== null && parsed.year >= 1900 && parsed.year <= 2200;
}

/** Codes of resolutions, indicators and sets: 1–64 letters, digits and `-_./`. */
export const CODE_PATTERN = /^[A-Za-z0-9._/-]+$/;
