// Evidence files (docs: evidence files): upload with the bearer token and progress, download with the
// bearer token as a blob (a bare link would carry no token), and how a file is shown to people.
import type { UploadFile } from 'antd';
import type { Attachment } from '../api/models';
import { apiClient } from './api-client';
import { describeError } from './describe-error';
import type { Language, MessageKey, Translate } from './i18n/i18n';
import { ApiError, describeFieldError, isProblem, toApiError, unwrap } from './problem';
import { session } from './session';

export const ATTACHMENT_PATH = '/api/v1/attachments';
/** The server's default limit (`RESTRACK_ATTACHMENT_MAX_BYTES`); the server decides, this only spares a useless upload. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
/** At most this many files per report or figure (`attachment_ids`). */
export const MAX_ATTACHMENTS = 10;
/** What the file picker offers; the server reads the type from the content. */
export const ATTACHMENT_ACCEPT = '.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.png,.jpg,.jpeg,.gif,.webp,.tif,.tiff';

export interface UploadCallbacks {
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
}

function post(file: File, token: string | null, { onProgress, signal }: UploadCallbacks): Promise<{ status: number; body: unknown; headers: Headers }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', ATTACHMENT_PATH);
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText) as unknown;
      } catch {
        body = null;
      }
      const headers = new Headers();
      const retry = xhr.getResponseHeader('Retry-After');
      if (retry) headers.set('Retry-After', retry);
      resolve({ status: xhr.status, body, headers });
    };
    xhr.onerror = () => reject(new TypeError('network error'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/**
 * `POST /attachments` as multipart (field `file`), with progress (XMLHttpRequest: fetch reports no
 * upload progress). The token is the session's; on 401 the session is renewed through the typed
 * client (its middleware refreshes once) and the upload is tried again once.
 */
export async function uploadAttachment(file: File, callbacks: UploadCallbacks = {}): Promise<Attachment> {
  let reply = await post(file, session.getAccessToken(), callbacks);
  if (reply.status === 401) {
    await apiClient.GET('/api/v1/me');
    reply = await post(file, session.getAccessToken(), callbacks);
  }
  if (reply.status === 201 && !isProblem(reply.body)) return reply.body as Attachment;
  throw toApiError(reply.body, new Response(null, { status: reply.status, headers: reply.headers }));
}

/** Fetches the file with the bearer token and hands it to the browser as a download. */
export async function downloadAttachment(attachment: Pick<Attachment, 'id' | 'filename'>): Promise<void> {
  const blob = unwrap<Blob>(await apiClient.GET('/api/v1/attachments/{id}', { params: { path: { id: attachment.id } }, parseAs: 'blob' }));
  const url = URL.createObjectURL(blob);
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = attachment.filename;
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
  } finally {
    // Give the browser a moment to start the download before the URL goes away.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

/** 1,5 MB (vi, decimal comma) or 1.5 MB (en). */
export function formatFileSize(bytes: number, language: Language): string {
  const locale = language === 'vi' ? 'vi-VN' : 'en-GB';
  const units = ['B', 'KB', 'MB', 'GB'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
  return `${number} ${units[unit]}`;
}

/** The first 12 hex characters of the SHA-256, enough to tell files apart on paper. */
export const shortHash = (sha256: string): string => sha256.slice(0, 12);

const REFUSALS: Partial<Record<string, MessageKey>> = {
  format: 'attachments.refused.format',
  length: 'attachments.refused.length',
  required: 'attachments.refused.required',
};

/** Why the server refused a file, in the user's language: 422 on field `file` by its code, else the problem. */
export function describeUploadError(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    const fileError = error.problem?.errors?.find((e) => e.field === 'file');
    if (fileError) {
      const key = REFUSALS[fileError.code];
      return key ? t(key) : describeFieldError(fileError, t, t('attachments.label'));
    }
  }
  return describeError(error, t);
}

/** The ids of the files that are uploaded, for `attachment_ids`. */
export const uploadedIds = (files: readonly UploadFile[] | undefined): string[] =>
  (files ?? []).flatMap((f) => (f.status === 'done' && f.response ? [(f.response as Attachment).id] : []));

export const isUploading = (files: readonly UploadFile[] | undefined): boolean => (files ?? []).some((f) => f.status === 'uploading');

/** For `Form.Item getValueFromEvent`: the Upload's change event carries the list. */
export const fileListFromEvent = (e: { fileList: UploadFile[] } | UploadFile[]): UploadFile[] => (Array.isArray(e) ? e : e.fileList);
