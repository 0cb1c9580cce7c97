import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Problem } from '../api/models';
import { describeUploadError, formatFileSize, shortHash, uploadedIds } from './attachments';
import { translator } from './i18n/i18n';
import { ApiError } from './problem';

const api = vi.hoisted(() => ({ GET: vi.fn() }));
vi.mock('./api-client', () => ({ apiClient: api, authClient: api }));

const t = translator('vi');
const refusal = (code: NonNullable<Problem['errors']>[number]['code']) =>
  new ApiError(422, { type: 'about:blank', title: 'x', status: 422, detail: 'bad file', code: 'validation_failed', request_id: 'r', errors: [{ field: 'file', code, message: 'english' }] });

describe('evidence files', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes sizes in Vietnamese with a decimal comma, and a short hash', () => {
    expect(formatFileSize(1536, 'vi')).toBe('1,5 KB');
    expect(formatFileSize(3.25 * 1024 * 1024, 'vi')).toBe('3,3 MB');
    expect(formatFileSize(3.25 * 1024 * 1024, 'en')).toBe('3.3 MB');
    expect(formatFileSize(512, 'vi')).toBe('512 B');
    expect(shortHash('a'.repeat(12) + 'b'.repeat(52))).toBe('aaaaaaaaaaaa');
  });

  it('says in Vietnamese why the server refused a file, by field code', () => {
    expect(describeUploadError(refusal('format'), t)).toBe('Loại tệp không được chấp nhận: chỉ nhận PDF, tài liệu Office hoặc ảnh.');
    expect(describeUploadError(refusal('length'), t)).toBe('Tệp rỗng hoặc lớn hơn 20 MB.');
    expect(describeUploadError(refusal('required'), t)).toBe('Chưa chọn tệp để tải lên.');
    expect(describeUploadError(new ApiError(403, { type: 'about:blank', title: 'x', status: 403, detail: 'viewers cannot', code: 'forbidden', request_id: 'r' }), t)).toBe(t('error.forbidden'));
  });

  it('sends the ids of the uploaded files only', () => {
    expect(
      uploadedIds([
        { uid: '1', name: 'a.pdf', status: 'done', response: { id: 'att-1' } },
        { uid: '2', name: 'b.exe', status: 'error', response: 'refused' },
        { uid: '3', name: 'c.pdf', status: 'uploading' },
      ]),
    ).toEqual(['att-1']);
  });

  it('downloads through the authenticated client as a blob, under the file name', async () => {
    const { downloadAttachment } = await import('./attachments');
    api.GET.mockResolvedValue({ data: new Blob(['%PDF']), response: new Response(null, { status: 200 }) });
    const createObjectURL = vi.fn(() => 'blob:x');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    await downloadAttachment({ id: 'att-1', filename: 'bao-cao.pdf' });
    expect(api.GET).toHaveBeenCalledWith('/api/v1/attachments/{id}', { params: { path: { id: 'att-1' } }, parseAs: 'blob' });
    expect(createObjectURL).toHaveBeenCalled();
    expect(click).toHaveBeenCalled();
  });
});
