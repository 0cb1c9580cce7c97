import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
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
      <ReportForm task={{ code: 'NV-07', title: 'Cải tạo chợ Long Biên' }} progress={40} reportedPeriods={[]} canAttach={canAttach} onSubmit={onSubmit} />
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
    await userEvent.setup().click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Gửi báo cáo' }));
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
    const report = { id: 'r1', period: '2026-Q4', progress: 50, revision: 1, current: true, reported_by_name: 'Cán bộ', created_at: '2026-11-23T08:00:00Z', narrative: '', obstacles: '', proposals: '', attachments: [pdf], actions: { answer_proposals: false } } as unknown as ProgressReport;
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

describe('ReportForm progress', () => {
  it('refuses 150 % next to the field, keeps it as typed and files nothing', async () => {
    const onSubmit = vi.fn();
    renderForm(onSubmit, false);
    const user = userEvent.setup();
    const input = screen.getByRole('spinbutton', { name: 'Tiến độ (%)' });
    await user.clear(input);
    await user.type(input, '150');
    fireEvent.blur(input);
    expect(input).toHaveValue('150');
    await user.click(screen.getByRole('button', { name: 'Gửi báo cáo' }));
    expect(await screen.findByText('Tiến độ phải từ 0 đến 100 %')).toBeInTheDocument();
    expect(input).toHaveValue('150');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(onSubmit).not.toHaveBeenCalled();
    await user.clear(input);
    await user.type(input, '-3');
    await user.click(screen.getByRole('button', { name: 'Gửi báo cáo' }));
    expect(await screen.findByText('Tiến độ phải từ 0 đến 100 %')).toBeInTheDocument();
    expect(input).toHaveValue('-3');
    expect(onSubmit).not.toHaveBeenCalled();
  }, 30_000);

  it('names the task, the period and the progress before filing, and files nothing on cancel', async () => {
    const onSubmit = vi.fn((body: CreateReportBody) => Promise.resolve({ period: body.period } as ProgressReport));
    renderForm(onSubmit, false);
    const user = userEvent.setup();
    const input = screen.getByRole('spinbutton', { name: 'Tiến độ (%)' });
    await user.clear(input);
    await user.type(input, '62,5');
    await user.click(screen.getByRole('button', { name: 'Gửi báo cáo' }));
    let dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(/Nhiệm vụ NV-07 – Cải tạo chợ Long Biên, kỳ Quý \d\/\d{4}: tiến độ 62,5%/);
    await user.click(within(dialog).getByRole('button', { name: 'Hủy' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(onSubmit).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Gửi báo cáo' }));
    dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Gửi báo cáo' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ progress: 62.5 })));
  }, 30_000);
});

describe('answers to a report\'s proposals', () => {
  const report = (over: Partial<ProgressReport>) =>
    ({ id: 'r1', period: '2026-Q4', progress: 50, revision: 1, current: true, reported_by_name: 'Cán bộ', created_at: '2026-11-23T08:00:00Z', narrative: '', obstacles: '', proposals: 'Đề nghị bổ sung kinh phí', attachments: [], actions: { answer_proposals: false }, ...over }) as ProgressReport;

  it('shows the answer under the proposals, with its time, and no form without answer_proposals', () => {
    render(
      <App>
        <ReportsTimeline reports={[report({ proposals_answer: 'Thành phố bổ sung trong quý 1/2027.\nĐề nghị lập dự toán.', proposals_answered_at: '2026-11-25T03:00:00Z' })]} onAnswer={vi.fn()} />
      </App>,
    );
    expect(screen.getByText('Trả lời kiến nghị')).toBeInTheDocument();
    expect(screen.getByText(/Trả lời lúc 25\/11\/2026 \d\d:\d\d$/)).toBeInTheDocument();
    expect(document.querySelector('.proposals-answer-text')).toHaveTextContent('Thành phố bổ sung trong quý 1/2027.');
    expect(screen.queryByRole('button', { name: 'Trả lời kiến nghị' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Sửa trả lời kiến nghị' })).not.toBeInTheDocument();
  });

  it('names who answered, not their id', () => {
    render(
      <App>
        <ReportsTimeline reports={[report({ proposals_answer: 'Đồng ý.', proposals_answered_at: '2026-11-25T03:00:00Z', proposals_answered_by: 'u-7', proposals_answered_by_name: 'Nguyễn Thị Lan' })]} onAnswer={vi.fn()} />
      </App>,
    );
    expect(screen.getByText(/Trả lời lúc 25\/11\/2026 \d\d:\d\d, bởi Nguyễn Thị Lan$/)).toBeInTheDocument();
    expect(screen.queryByText(/u-7/)).toBeNull();
  });

  it('answers with answer_proposals: the text is required and sent as typed', async () => {
    const onAnswer = vi.fn().mockResolvedValue(report({}));
    render(
      <App>
        <ReportsTimeline reports={[report({ actions: { answer_proposals: true } })]} onAnswer={onAnswer} />
      </App>,
    );
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Trả lời kiến nghị' }));
    await user.click(screen.getByRole('button', { name: 'Gửi trả lời' }));
    expect(await screen.findByText('Vui lòng nhập nội dung trả lời kiến nghị')).toBeInTheDocument();
    expect(onAnswer).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText('Nội dung trả lời kiến nghị'), { target: { value: 'Đồng ý\nbổ sung' } });
    await user.click(screen.getByRole('button', { name: 'Gửi trả lời' }));
    await waitFor(() => expect(onAnswer).toHaveBeenCalledWith('r1', { text: 'Đồng ý\nbổ sung' }));
  }, 30_000);
});
