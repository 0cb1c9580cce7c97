import type { Problem, ReportFormat, ReportSchedule, SchedulePeriodKind } from '../../../api/models';
import type { Language, Translate } from '../../../lib/i18n/i18n';

export const SCHEDULE_KINDS: readonly SchedulePeriodKind[] = ['month', 'quarter', 'half_year', 'nine_months', 'year'];
export const SCHEDULE_FORMATS: readonly ReportFormat[] = ['docx', 'pdf', 'xlsx', 'html', 'csv'];
/** As many recipients as the server takes. */
export const MAX_RECIPIENTS = 50;

/** "Văn phòng Trung ương — Hằng quý, Word (.docx)", with the resolution's code when it has one. */
export function scheduleName(schedule: Pick<ReportSchedule, 'agency_name' | 'period_kind' | 'format'>, t: Translate, resolutionCode?: string): string {
  const name = t('schedules.name', { agency: schedule.agency_name, kind: t(`schedules.kind.${schedule.period_kind}`), format: t(`reportFormat.${schedule.format}`) });
  return resolutionCode ? `${name} (${resolutionCode})` : name;
}

const ITEM = /^recipient_ids(?:\[(\d+)\]|\.(\d+))?$/;

/**
 * The server's refusals of the recipients, each naming the person it is about (`recipient_ids[2]` →
 * the third one chosen), and the problem's other errors for the rest of the form.
 */
export function recipientErrors(problem: Problem | null, chosen: readonly string[], nameOf: (id: string) => string, t: Translate) {
  const messages: string[] = [];
  const rest: NonNullable<Problem['errors']> = [];
  for (const error of problem?.errors ?? []) {
    const match = ITEM.exec(error.field);
    if (!match) {
      rest.push(error);
      continue;
    }
    const index = match[1] ?? match[2];
    const id = index === undefined ? undefined : chosen[Number(index)];
    const name = id ? nameOf(id) : t('schedules.recipients');
    messages.push(
      error.code === 'not_found'
        ? t('schedules.recipientNotFound', { name })
        : error.code === 'duplicate'
          ? t('schedules.recipientDuplicate', { name })
          : t('schedules.recipientInvalid', { name }),
    );
  }
  return { messages, rest: problem ? { ...problem, errors: rest } : null };
}

/** A file size as people read it: "845 B", "12,3 KB", "1,2 MB". */
export function formatSize(bytes: number, language: Language): string {
  const number = (n: number) => new Intl.NumberFormat(language === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 }).format(n);
  if (bytes < 1024) return `${number(bytes)} B`;
  if (bytes < 1024 * 1024) return `${number(bytes / 1024)} KB`;
  return `${number(bytes / (1024 * 1024))} MB`;
}
