import type { ReportFormat, ReportQuery } from '../api/models';
import { apiClient } from './api-client';
import { unwrap } from './problem';

/** A report file as the server named it (`bao-cao-<code>-<from>-<to>.<ext>`). */
export interface ReportFile {
  blob: Blob;
  filename: string;
}

/**
 * The file name of a `Content-Disposition` header: `filename*=UTF-8''…` (RFC 6266) before
 * `filename="…"`; undefined without one.
 */
export function filenameOf(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // A malformed escape: fall back to the plain name.
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;\s]+))/.exec(disposition);
  const name = plain?.[1] ?? plain?.[2];
  return name ? name.trim() : undefined;
}

/**
 * The periodic report as a file. It needs the bearer token, so it comes through the API client as a
 * blob (never a plain link); a refusal is thrown as an ApiError with the server's problem.
 */
export async function fetchReportFile(query: ReportQuery & { format: Exclude<ReportFormat, 'html'> }): Promise<ReportFile> {
  const result = await apiClient.GET('/api/v1/reports/periodic', { params: { query }, parseAs: 'blob' });
  const blob = unwrap(result);
  const filename = filenameOf(result.response.headers.get('Content-Disposition')) ?? `bao-cao.${query.format}`;
  return { blob, filename };
}

/** The periodic report as printable HTML, for a preview. */
export async function fetchReportHtml(query: ReportQuery): Promise<string> {
  const result = await apiClient.GET('/api/v1/reports/periodic', { params: { query: { ...query, format: 'html' } }, parseAs: 'text' });
  return unwrap(result);
}

/** A report produced by a schedule (`GET /report-runs/{id}`), named as it was produced. */
export async function fetchRunFile(runId: string, fallbackName: string): Promise<ReportFile> {
  const result = await apiClient.GET('/api/v1/report-runs/{id}', { params: { path: { id: runId } }, parseAs: 'blob' });
  const blob = unwrap(result);
  return { blob, filename: filenameOf(result.response.headers.get('Content-Disposition')) ?? fallbackName };
}

/** Hands a file to the browser's downloads under its name. */
export function saveFile({ blob, filename }: ReportFile): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
