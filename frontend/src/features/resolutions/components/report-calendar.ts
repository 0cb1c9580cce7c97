import type { Resolution } from '../../../api/models';
import type { Translate } from '../../../lib/i18n/i18n';

/** "Báo cáo tiến độ hằng tháng, hạn ngày 20", or that there is no calendar. */
export function describeReportCalendar(calendar: Resolution['report_calendar'], t: Translate): string {
  return calendar ? t('reportCalendar.value', { frequency: t(`reportFrequency.${calendar.frequency}`), day: calendar.due_day }) : t('reportCalendar.none');
}

/** "15" → 15; anything but a whole number from 1 to 28 → null (never clamped). */
export function parseDueDay(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,2}$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && n <= 28 ? n : null;
}
