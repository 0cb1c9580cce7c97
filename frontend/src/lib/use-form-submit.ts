import type { FormInstance } from 'antd';
import { useState } from 'react';
import { describeError } from './describe-error';
import { useI18n } from './i18n/i18n';
import { ApiError, problemToForm } from './problem';
import { problemToRows } from './problem-rows';

/** A Form.List whose rows the server's errors may name (`items[2].weight`), with each cell's label. */
export interface FormRows {
  list: string;
  labelOf: (field: string, index: number) => string;
}

/**
 * Sends a form and shows a refusal where it belongs: a problem's field errors next to the fields
 * (by their API names) or the list cells they name, the rest in one message above the form; a 412
 * marks the form stale.
 */
export function useFormSubmit<F extends string>(form: FormInstance, fields: readonly F[], labels: Partial<Record<F, string>>, rows?: FormRows) {
  const { t } = useI18n();
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [saving, setSaving] = useState(false);

  const place = (error: ApiError) => {
    const { fields: cells, rest } = rows ? problemToRows(error.problem, rows.list, t, rows.labelOf) : { fields: [], rest: error.problem?.errors ?? [] };
    const problem = error.problem ? { ...error.problem, errors: rest } : null;
    const mapped = problemToForm(problem, fields, describeError(error, t), t, labels);
    form.setFields([...mapped.fields, ...cells]);
    setFormMessage(cells.length > 0 && rest.length === 0 ? null : mapped.formMessage);
  };

  const run = async (send: () => Promise<unknown>): Promise<boolean> => {
    setSaving(true);
    setFormMessage(null);
    try {
      await send();
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) setStale(true);
      else if (error instanceof ApiError) place(error);
      else setFormMessage(describeError(error, t));
      return false;
    } finally {
      setSaving(false);
    }
  };

  return { run, saving, stale, formMessage };
}
