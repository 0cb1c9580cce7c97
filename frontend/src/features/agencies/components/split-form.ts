// The split dialog's rules (docs/reorganisation.md, "Splits"): the shares as typed, the request body,
// which preview may be confirmed, and where each of the server's 422 field errors goes. Whether a
// split is offered at all is the agency's `actions.merge` (who may split is who may merge).
import type { Problem, SplitReport, SplitRequest } from '../../../api/models';
import type { Language, Translate } from '../../../lib/i18n/i18n';
import { describeFieldError } from '../../../lib/problem';

/** One successor row of the dialog: the agency picked and the share exactly as typed. */
export interface SplitRow {
  key: number;
  agencyId?: string;
  share: string;
}

/**
 * A share as typed, with a decimal comma ("0,6") or point ("0.6"): the number it says, never clamped
 * or rounded (the server refuses what is out of range), or null when it is not a plain decimal number.
 */
export function parseShare(text: string): number | null {
  const trimmed = text.trim();
  if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(trimmed)) return null;
  const n = Number(trimmed.replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

/** A share (0…1) as a percentage people read: "60 %", "33,33 %" (vi) or "60 %", "33.33 %" (en). */
export function formatShare(share: number, language: Language): string {
  const pct = new Intl.NumberFormat(language === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 }).format(share * 100);
  return `${pct} %`;
}

/** A plain number with the user's decimal separator ("0,9"), as many digits as it has (up to 6). */
export function formatDecimal(value: number, language: Language): string {
  return new Intl.NumberFormat(language === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 6 }).format(value);
}

export interface RowErrors {
  agency?: string;
  share?: string;
}

export type SplitBodyResult = { body: SplitRequest; rowErrors: null } | { body: null; rowErrors: RowErrors[] };

/**
 * The request, or what the client can tell is missing: a row without an agency or with a share that
 * is no number. Everything else (range, sum, how many, which agency) is the server's to refuse.
 */
export function toSplitBody(rows: readonly SplitRow[], effectiveOn: string | null, t: Translate): SplitBodyResult {
  const rowErrors: RowErrors[] = rows.map(() => ({}));
  const successors: SplitRequest['successors'] = [];
  rows.forEach((row, i) => {
    const share = parseShare(row.share);
    const errors = rowErrors[i] as RowErrors;
    if (!row.agencyId) errors.agency = t('split.agencyRequired');
    if (!row.share.trim()) errors.share = t('split.shareRequired');
    else if (share === null) errors.share = t('split.shareNotNumber');
    if (row.agencyId && share !== null) successors.push({ agency_id: row.agencyId, share });
  });
  if (rowErrors.some((e) => e.agency || e.share)) return { body: null, rowErrors };
  return { body: { successors, ...(effectiveOn ? { effective_on: effectiveOn } : {}) }, rowErrors: null };
}

/** Confirming is allowed only after a preview of this very split (same source, successors, shares). */
export function canConfirmSplit(preview: SplitReport | null, sourceId: string, body: SplitRequest | null): boolean {
  if (!preview || !body || !preview.dry_run || preview.source_id !== sourceId) return false;
  if (preview.successors.length !== body.successors.length) return false;
  return preview.successors.every((s, i) => s.agency_id === body.successors[i]?.agency_id && s.share === body.successors[i]?.share);
}

export interface SplitErrors {
  /** Per row (the index of the request's successors): next to its agency picker and its share. */
  rows: RowErrors[];
  /** Next to the effective date. */
  effectiveOn?: string;
  /** About the split as a whole (`successors`: the shares' sum, too few) and anything unplaced. */
  form: string[];
}

const ROW_FIELD = /^successors\[(\d+)\]\.(agency_id|share)$/;

/**
 * Places a 422's field errors: `successors[i].share` at row i's share, `successors[i].agency_id` at its
 * agency, `effective_on` at the date, `successors` on the form. Every sentence comes from the codes; the
 * shares' sum is said from the shares sent (the server's English message says the same number).
 */
export function mapSplitErrors(problem: Problem | null, body: SplitRequest, rowCount: number, t: Translate, language: Language): SplitErrors {
  const result: SplitErrors = { rows: Array.from({ length: rowCount }, () => ({})), form: [] };
  const add = (current: string | undefined, message: string) => (current ? `${current} ${message}` : message);
  for (const error of problem?.errors ?? []) {
    const row = ROW_FIELD.exec(error.field);
    if (row && Number(row[1]) < rowCount) {
      const errors = result.rows[Number(row[1])] as RowErrors;
      if (row[2] === 'share') errors.share = add(errors.share, describeFieldError({ ...error, field: 'share' }, t, t('split.share')));
      else errors.agency = add(errors.agency, describeFieldError({ ...error, field: 'agency_id' }, t, t('split.successor')));
    } else if (error.field === 'effective_on') {
      result.effectiveOn = add(result.effectiveOn, describeFieldError(error, t, t('split.effectiveOn')));
    } else if (error.field === 'successors' && error.code === 'invalid') {
      const sum = body.successors.reduce((total, s) => total + s.share, 0);
      result.form.push(t('split.sumNotOne', { sum: formatDecimal(sum, language) }));
    } else if (error.field === 'successors' && error.code === 'length') {
      result.form.push(t('split.tooFew'));
    } else {
      result.form.push(describeFieldError(error, t));
    }
  }
  return result;
}
