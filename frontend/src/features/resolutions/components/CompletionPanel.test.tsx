import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { describe, expect, it, vi } from 'vitest';
import type { Attachment, Completion, Task } from '../../../api/models';
import type * as Attachments from '../../../lib/attachments';
import { ApiError } from '../../../lib/problem';
import { CompletionPanel } from './CompletionPanel';

const upload = vi.hoisted(() => vi.fn());
vi.mock('../../../lib/attachments', async (original) => ({ ...(await original<typeof Attachments>()), uploadAttachment: upload }));

const pdf: Attachment = {
  id: 'att-1',
  sha256: 'ab'.repeat(32),
  size: 2048,
  media_type: 'application/pdf',
  filename: 'ket-qua.pdf',
  agency_id: 'BADINH',
  uploaded_by: 'u1',
  created_at: '2026-11-23T08:00:00Z',
};

const none = {
  edit: false,
  delete: false,
  status_moves: [],
  report: false,
  decompose: false,
  link_kpi: false,
  issue_directive: false,
  move_due_date: false,
  propose_completion: false,
  decide_completion: false,
  request_change: false,
  decide_requests: false,
};

const task = (over: Partial<Task> = {}, actions: Partial<Task['actions']> = {}): Task =>
  ({
    id: 't1',
    code: '57-NQ/TW.3.2.1',
    status: 'in_progress',
    due_date: '2027-03-02',
    original_due_date: '2027-03-02',
    evaluation_due_date: '2027-03-02',
    evaluation: 'not_completed_within_deadline',
    ...over,
    actions: { ...none, ...actions },
  }) as Task;

const proposal = (over: Partial<Completion>): Completion => ({
  id: 'c1',
  task_id: 't1',
  summary: 'Đã số hóa 100% hồ sơ.\nĐã đưa vào vận hành.',
  status: 'pending',
  proposed_by: 'u1',
  proposed_by_name: 'Ngô Thị Mai',
  proposed_at: '2026-11-20T02:30:00Z',
  attachments: [pdf],
  actions: { accept: false, return: false },
  ...over,
});

function renderPanel(props: Partial<Parameters<typeof CompletionPanel>[0]> = {}) {
  const handlers = { onPropose: vi.fn(), onAccept: vi.fn(), onReturn: vi.fn() };
  render(
    <App>
      <CompletionPanel task={task()} completions={[]} canAttach {...handlers} {...props} />
    </App>,
  );
  return { ...handlers, ...props };
}

describe('CompletionPanel', () => {
  it('offers the proposal form only with propose_completion, and the upload only with attach_evidence', () => {
    renderPanel();
    expect(screen.queryByRole('button', { name: 'Gửi đề nghị xác nhận' })).not.toBeInTheDocument();
    expect(screen.getByText('Chưa có đề nghị xác nhận hoàn thành')).toBeInTheDocument();
    cleanupAndRender({ task: task({}, { propose_completion: true }), canAttach: false });
    expect(screen.getByRole('button', { name: 'Gửi đề nghị xác nhận' })).toBeInTheDocument();
    expect(screen.getByText('Đề nghị xác nhận hoàn thành')).toBeInTheDocument();
    expect(screen.queryByText('Đính kèm tệp')).not.toBeInTheDocument();
  });

  it('requires the summary, then sends it as typed (line breaks kept) with the uploaded file', async () => {
    upload.mockResolvedValueOnce(pdf);
    const onPropose = vi.fn().mockResolvedValue(task({ status: 'awaiting_acceptance' }));
    renderPanel({ task: task({}, { propose_completion: true }), onPropose });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Gửi đề nghị xác nhận' }));
    expect(await screen.findByText('Vui lòng nhập kết quả đạt được')).toBeInTheDocument();
    expect(onPropose).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText('Kết quả đạt được'), { target: { value: 'Dòng 1\nDòng 2' } });
    await user.upload(document.querySelector<HTMLInputElement>('input[type="file"]')!, new File(['%PDF-1.7'], 'ket-qua.pdf', { type: 'application/pdf' }));
    await waitFor(() => expect(upload).toHaveBeenCalledTimes(1));
    await user.click(screen.getByRole('button', { name: 'Gửi đề nghị xác nhận' }));
    await waitFor(() => expect(onPropose).toHaveBeenCalledWith({ summary: 'Dòng 1\nDòng 2', attachment_ids: ['att-1'] }));
  }, 30_000);

  it('shows the server\'s refusal in Vietnamese', async () => {
    const onPropose = vi.fn().mockRejectedValueOnce(
      new ApiError(409, { type: 'about:blank', title: 'x', status: 409, detail: 'x', code: 'open_subtasks', request_id: 'r' }),
    );
    renderPanel({ task: task({}, { propose_completion: true }), onPropose });
    fireEvent.change(screen.getByLabelText('Kết quả đạt được'), { target: { value: 'Xong' } });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Gửi đề nghị xác nhận' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Chưa thể hoàn thành: nhiệm vụ còn nhiệm vụ con chưa kết thúc.');
    expect(screen.getByLabelText('Kết quả đạt được')).toHaveValue('Xong'); // kept for correcting
  }, 30_000);

  it('shows a pending proposal with who, when, files, and only the buttons its actions allow', () => {
    renderPanel({ task: task({ status: 'awaiting_acceptance' }), completions: [proposal({})] });
    const pending = document.querySelector<HTMLElement>('.completion-pending')!;
    expect(within(pending).getByText(/^Đề nghị của Ngô Thị Mai lúc 20\/11\/2026 \d\d:\d\d$/)).toBeInTheDocument();
    expect(within(pending).getByText('Chờ xác nhận')).toBeInTheDocument();
    expect(within(pending).getByRole('button', { name: 'Tải về tệp ket-qua.pdf' })).toBeInTheDocument();
    expect(within(pending).queryByRole('button', { name: 'Xác nhận hoàn thành' })).not.toBeInTheDocument();
    expect(within(pending).queryByRole('button', { name: 'Trả lại' })).not.toBeInTheDocument();
    expect(within(pending).getByText('Đang chờ đơn vị giao nhiệm vụ xác nhận.')).toBeInTheDocument();
  });

  it('accepts after confirming, and returns only with a reason', async () => {
    const onAccept = vi.fn().mockResolvedValue(task({ status: 'completed' }));
    const onReturn = vi.fn().mockResolvedValue(task());
    renderPanel({ task: task({ status: 'awaiting_acceptance' }), completions: [proposal({ actions: { accept: true, return: true } })], onAccept, onReturn });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Xác nhận hoàn thành' }));
    const confirm = await screen.findByText('Xác nhận nhiệm vụ 57-NQ/TW.3.2.1 đã hoàn thành?');
    await user.click(within(confirm.closest('.ant-popover') as HTMLElement).getByRole('button', { name: 'Xác nhận hoàn thành' }));
    await waitFor(() => expect(onAccept).toHaveBeenCalledTimes(1));

    await user.click(screen.getByRole('button', { name: 'Trả lại' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Trả lại' }));
    expect(await within(dialog).findByText('Vui lòng nhập lý do trả lại')).toBeInTheDocument();
    expect(onReturn).not.toHaveBeenCalled();
    fireEvent.change(within(dialog).getByLabelText('Lý do trả lại'), { target: { value: 'Thiếu biên bản nghiệm thu' } });
    await user.click(within(dialog).getByRole('button', { name: 'Trả lại' }));
    await waitFor(() => expect(onReturn).toHaveBeenCalledWith('Thiếu biên bản nghiệm thu'));
  }, 30_000);

  it('when completed, says when, who accepted and the evaluation; lists returned proposals with their reason', () => {
    renderPanel({
      task: task({ status: 'completed', completed_on: '2026-11-20', accepted_at: '2026-11-22T03:00:00Z', evaluation: 'completed_on_time' }),
      completions: [
        proposal({ id: 'a', status: 'accepted', decided_by_name: 'Đỗ Quang Huy', decided_at: '2026-11-22T03:00:00Z' }),
        proposal({ id: 'r', status: 'returned', proposed_at: '2026-11-01T02:00:00Z', decided_by_name: 'Đỗ Quang Huy', decided_at: '2026-11-02T03:00:00Z', reason: 'Thiếu minh chứng' }),
      ],
    });
    expect(screen.getByText(/^Hoàn thành ngày 20\/11\/2026, xác nhận bởi Đỗ Quang Huy ngày 22\/11\/2026 \d\d:\d\d$/)).toBeInTheDocument();
    expect(screen.getByText('Hoàn thành đúng hạn')).toBeInTheDocument();
    const returned = document.querySelector<HTMLElement>('.completion-item[data-status="returned"]')!;
    expect(within(returned).getByText('Đã trả lại')).toBeInTheDocument();
    expect(within(returned).getByText('Thiếu minh chứng')).toBeInTheDocument();
    expect(within(returned).getByText(/^Trả lại bởi Đỗ Quang Huy lúc 02\/11\/2026/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Gửi đề nghị xác nhận' })).not.toBeInTheDocument();
  });
});

function cleanupAndRender(props: Partial<Parameters<typeof CompletionPanel>[0]>) {
  document.body.innerHTML = '';
  renderPanel(props);
}
