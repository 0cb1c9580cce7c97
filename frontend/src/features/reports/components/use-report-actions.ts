import { App } from 'antd';
import { useState } from 'react';
import type { ReportFormat, ReportQuery } from '../../../api/models';
import { describeError } from '../../../lib/describe-error';
import { useI18n } from '../../../lib/i18n/i18n';
import { ApiError, describeFieldError } from '../../../lib/problem';
import { fetchReportFile, fetchReportHtml, saveFile } from '../../../lib/report-files';

/** A refusal of the server: next to `from`/`to` when it names them, otherwise above the buttons. */
export interface ReportFailure {
  field?: 'from' | 'to';
  message: string;
}

const FIELD_LABEL = { from: 'periodicReport.from', to: 'periodicReport.to' } as const;

/** Downloads the report in a format, or fetches its HTML for the preview; one at a time, with its failure. */
export function useReportActions() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<ReportFormat | null>(null);
  const [failure, setFailure] = useState<ReportFailure | null>(null);
  const [previewHtml, setPreviewHtml] = useState<string | null>(null);

  const fail = (error: unknown) => {
    const placed = error instanceof ApiError ? error.problem?.errors?.find((e) => e.field === 'from' || e.field === 'to') : undefined;
    if (placed) {
      const field = placed.field as 'from' | 'to';
      setFailure({ field, message: describeFieldError(placed, t, t(FIELD_LABEL[field])) });
    } else setFailure({ message: describeError(error, t) });
  };

  const run = async (format: ReportFormat, query: ReportQuery) => {
    setBusy(format);
    setFailure(null);
    try {
      if (format === 'html') setPreviewHtml(await fetchReportHtml(query));
      else {
        const file = await fetchReportFile({ ...query, format });
        saveFile(file);
        void message.success(t('periodicReport.downloaded', { filename: file.filename }));
      }
    } catch (error) {
      fail(error);
    } finally {
      setBusy(null);
    }
  };

  return { busy, failure, clearFailure: () => setFailure(null), previewHtml, closePreview: () => setPreviewHtml(null), run };
}
