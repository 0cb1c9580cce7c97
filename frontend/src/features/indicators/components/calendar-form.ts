import type { AgencyKind, Problem, PutCalendarBody, ReportingCalendar } from '../../../api/models';
import type { Translate } from '../../../lib/i18n/i18n';
import { describeFieldError } from '../../../lib/problem';

/** The calendar as typed: numbers stay text until checked, so nothing is ever clamped or rounded. */
export interface CalendarFormValues {
  report_days: string;
  levels: { agency_kind?: AgencyKind; report_days: string }[];
  /** Empty: the period never locks. */
  approval_days: string;
}

export const MAX_DAYS = 366;

/** "15" → 15; anything but a whole number from 0 to 366 (" 15", "1,5", "400", "-1") → null. */
export function parseDays(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,3}$/.test(text)) return null;
  const n = Number(text);
  return n <= MAX_DAYS ? n : null;
}

export function calendarToForm(c: ReportingCalendar): CalendarFormValues {
  return {
    report_days: String(c.report_days),
    levels: c.levels.map((l) => ({ agency_kind: l.agency_kind, report_days: String(l.report_days) })),
    approval_days: c.approval_days === null || c.approval_days === undefined ? '' : String(c.approval_days),
  };
}

/** A form field: `report_days`, `approval_days`, or `['levels', i, 'agency_kind' | 'report_days']`. */
export type CalendarField = 'report_days' | 'approval_days' | ['levels', number, 'agency_kind' | 'report_days'];

export interface CalendarProblem {
  name: CalendarField;
  errors: string[];
}

/**
 * What the field rules cannot see: an agency level given twice, and an approval deadline before the
 * latest reporting deadline. (Each number is checked by its own rule first.)
 */
export function crossCheck(v: CalendarFormValues, t: Translate): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  const seen = new Set<AgencyKind>();
  v.levels.forEach((l, i) => {
    if (!l.agency_kind) return;
    if (seen.has(l.agency_kind)) problems.push({ name: ['levels', i, 'agency_kind'], errors: [t('calendar.levelDuplicate')] });
    seen.add(l.agency_kind);
  });
  const approval = v.approval_days === '' ? null : parseDays(v.approval_days);
  const reports = [v.report_days, ...v.levels.map((l) => l.report_days)].map(parseDays).filter((n): n is number => n !== null);
  const latest = reports.length > 0 ? Math.max(...reports) : null;
  if (approval !== null && latest !== null && approval < latest) {
    problems.push({ name: 'approval_days', errors: [t('calendar.approvalBeforeReport', { approval, report: latest })] });
  }
  return problems;
}

/** The body of `PUT /indicators/{id}/calendar` from a checked form. */
export function formToBody(v: CalendarFormValues): PutCalendarBody {
  const days = (s: string) => parseDays(s) ?? Number.NaN;
  return {
    report_days: days(v.report_days),
    levels: v.levels.flatMap((l) => (l.agency_kind ? [{ agency_kind: l.agency_kind, report_days: days(l.report_days) }] : [])),
    approval_days: v.approval_days === '' ? null : days(v.approval_days),
  };
}

/**
 * The server's field errors placed on the form: `levels[1].agency_kind` on that line's level,
 * `report_days` on its field; the rest goes into one message led by `headline`.
 */
export function calendarServerErrors(problem: Problem | null, headline: string, t: Translate, labels: { days: string; level: string; approval: string; report: string }) {
  const fields: CalendarProblem[] = [];
  const unplaced: string[] = [];
  for (const e of problem?.errors ?? []) {
    const level = /^levels\[(\d+)\]\.(agency_kind|report_days)$/.exec(e.field);
    if (level) {
      const part = level[2] as 'agency_kind' | 'report_days';
      fields.push({ name: ['levels', Number(level[1]), part], errors: [describeFieldError(e, t, part === 'agency_kind' ? labels.level : labels.days)] });
    } else if (e.field === 'report_days' || e.field === 'approval_days') {
      fields.push({ name: e.field, errors: [describeFieldError(e, t, e.field === 'report_days' ? labels.report : labels.approval)] });
    } else {
      unplaced.push(describeFieldError(e, t));
    }
  }
  const formMessage = fields.length === 0 || unplaced.length > 0 ? [headline, ...unplaced].join(' · ') : null;
  return { fields, formMessage };
}
