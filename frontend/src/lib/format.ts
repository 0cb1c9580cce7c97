import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import 'dayjs/locale/en';
import type { ValueType } from '../api/models';
import type { Language, Translate } from './i18n/i18n';

const intlLocale: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };

/** 21/09/2025 14:05 (vi) or 21 Sept 2025, 14:05 (en), in the user's time zone. */
export function formatDateTime(iso: string | null | undefined, language: Language): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  if (!d.isValid()) return iso;
  return d.locale(language).format(language === 'vi' ? 'DD/MM/YYYY HH:mm' : 'D MMM YYYY, HH:mm');
}

export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(intlLocale[language]).format(value);
}

/** A calendar date (`YYYY-MM-DD`): 21/09/2025 (vi) or 21 Sept 2025 (en). */
export function formatDate(date: string | null | undefined, language: Language): string {
  if (!date) return '—';
  const d = dayjs(date);
  if (!d.isValid()) return date;
  return d.locale(language).format(language === 'vi' ? 'DD/MM/YYYY' : 'D MMM YYYY');
}

/** Progress 0–100 as shown to users: at most one decimal. */
export function formatPercent(value: number, language: Language): string {
  return `${new Intl.NumberFormat(intlLocale[language], { maximumFractionDigits: 1 }).format(value)}%`;
}

/** A figure as people read it: "86%", "1.250 ha", "Có". */
export function formatValue(value: number | null | undefined, valueType: ValueType, unit: string, language: Language, t: Translate): string {
  if (value === null || value === undefined) return '—';
  if (valueType === 'boolean') return value >= 1 ? t('common.yes') : t('common.no');
  if (valueType === 'percent') return formatPercent(value, language);
  const number = new Intl.NumberFormat(language === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 }).format(value);
  return !unit ? number : unit === '%' ? `${number}%` : `${number} ${unit}`;
}
