import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import 'dayjs/locale/en';
import type { Language } from './i18n/i18n';

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
