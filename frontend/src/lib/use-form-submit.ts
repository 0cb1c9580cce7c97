import type { FormInstance } from 'antd';
import { useState } from 'react';
import { describeError } from './describe-error';
import { useI18n } from './i18n/i18n';
import { ApiError, problemToForm } from './problem';

/**
 * Sends a form and shows a refusal where it belongs: a problem's field errors next to the fields
 * (by their API names), the rest in one message above the form; a 412 marks the form stale.
 */
export function useFormSubmit<F extends string>(form: FormInstance, fields: readonly F[], labels: Partial<Record<F, string>>) {
  const { t } = useI18n();
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [saving, setSaving] = useState(false);

  const run = async (send: () => Promise<unknown>): Promise<boolean> => {
    setSaving(true);
    setFormMessage(null);
    try {
      await send();
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) setStale(true);
      else if (error instanceof ApiError) {
        const mapped = problemToForm(error.problem, fields, describeError(error, t), t, labels);
        form.setFields(mapped.fields);
        setFormMessage(mapped.formMessage);
      } else setFormMessage(describeError(error, t));
      return false;
    } finally {
      setSaving(false);
    }
  };

  return { run, saving, stale, formMessage };
}
