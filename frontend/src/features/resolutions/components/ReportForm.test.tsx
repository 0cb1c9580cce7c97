import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { describe, expect, it, vi } from 'vitest';
import type { Attachment, CreateReportBody, ProgressReport } from '../../../api/models';
import type * as Attachments from '../../../lib/attachments';
import { ApiError } from '../../../lib/problem';
import { ReportForm } from './ReportForm';
import { ReportsTimeline } from './ReportsTimeline';

const upload = vi.hoisted(() => vi.fn());
vi.mock('../../../lib/attachments', async (original) => ({ ...(await original<typeof Attachments>()), uploadAttachment: upload }));

const pdf: Attachment = {
  id: 'att-1',
  sha256: '0123456789abcdef'.repeat(4),
  size: 1_572_864,
  media_type: 'application/pdf',
  filename: 'bien-ban.pdf',
  agency_id: 'BADINH',
  uploaded_by: 'u1',
  created_at: '2026-11-23T08:00:00Z',
};

function renderForm(onSubmit: (body: CreateReportBody) => Promise<ProgressReport>, canAttach = true) {
  render(
    <App>
      <ReportForm progress={40} reportedPeriods={[]} canAttach={canAttach} onSubmit={onSubmit} />
    </App>,
  );
}

const fileInput = () => document.querySelector<HTMLInputElement>('input[type="file"]')!;

describe('ReportForm evidence files', () => {
  it('uploads a picked file and sends its id as attachment_ids', async () => {
    upload.mockResolvedValueOnce(pdf);
    const onSubmit = vi.fn((body: CreateReportBody) => Promise.resolve({ period: body.period } as ProgressReport));
    renderForm(onSubmit);
    await userEvent.setup().upload(fileInput(), new File(['%PDF-1.7'], 'bien-ban.pdf', { type: 'application/pdf' }));
    await waitFor(() => expect(upload).toHaveBeenCalledTimes(1));
    await userEvent.setup().click(screen.getByRole('button', { name: 'Gửi báo cáo' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ attachment_ids: ['att-1'] })));
  }, 30_000);

  it('shows a refused file in Vietnamese by its field code', async () => {
    upload.mockRejectedValueOnce(
      new ApiError(422, { type: 'about:blank', title: 'x', status: 422, detail: 'x', code: 'validation_failed', request_id: 'r', errors: [{ field: 'file', code: 'format', message: 'executables are not accepted' }] }),
    );
    renderForm(vi.fn());
    await userEvent.setup().upload(fileInput(), new File(['MZ'], 'setup.pdf', { type: 'application/pdf' }));
    expect(await screen.findByText('Loại tệp không được chấp nhận: chỉ nhận PDF, tài liệu Office hoặc ảnh.')).toBeInTheDocument();
    expect(screen.queryByText(/executables/)).not.toBeInTheDocument();
  }, 30_000);

  it('offers no upload without attach_evidence', () => {
    renderForm(vi.fn(), false);
    expect(screen.queryByText('Đính kèm tệp')).not.toBeInTheDocument();
  });

  it('lists a report\'s files with size in Vietnamese and the short hash, the full one in a tooltip', async () => {
    const report = { id: 'r1', period: '2026-Q4', progress: 50, revision: 1, current: true, reported_by_name: 'Cán bộ', created_at: '2026-11-23T08:00:00Z', narrative: '', obstacles: '', proposals: '', attachments: [pdf] } as unknown as ProgressReport;
    render(
      <App>
        <ReportsTimeline reports={[report]} />
      </App>,
    );
    expect(screen.getByRole('button', { name: 'Tải về tệp bien-ban.pdf' })).toBeInTheDocument();
    expect(screen.getByText('1,5 MB')).toBeInTheDocument();
    await userEvent.setup().hover(screen.getByText('0123456789ab'));
    expect(await screen.findByText(`Mã SHA-256 của tệp: ${pdf.sha256}`)).toBeInTheDocument();
  });
});
