import type { Problem } from '../api/models';
import type { Translate } from './i18n/i18n';
import { describeFieldError, type FieldError } from './problem';

export interface RowFieldError {
  /** The antd name path of one cell of a Form.List: `[list, index, field]`. */
  name: [string, number, string];
  errors: string[];
}

const ROW = /^(\w+)(?:\[(\d+)\]|\.(\d+))\.(\w+)$/;

/**
 * Places a problem's errors on the rows of a list (`interim[2].value` → row 3's value), labelled by
 * `labelOf(field, index)`; what names no row of `list` is returned as `rest`.
 */
export function problemToRows(problem: Problem | null, list: string, t: Translate, labelOf: (field: string, index: number) => string) {
  const fields: RowFieldError[] = [];
  const rest: FieldError[] = [];
  for (const error of problem?.errors ?? []) {
    const match = ROW.exec(error.field);
    if (match && match[1] === list) {
      const index = Number(match[2] ?? match[3]);
      const field = match[4] ?? '';
      fields.push({ name: [list, index, field], errors: [describeFieldError({ ...error, field }, t, labelOf(field, index))] });
    } else rest.push(error);
  }
  return { fields, rest };
}
