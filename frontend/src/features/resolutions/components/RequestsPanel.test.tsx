import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { describe, expect, it, vi } from 'vitest';
import type { DueDateChange, Task, TaskRequest } from '../../../api/models';
import { RequestsPanel } from './RequestsPanel';

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
  ({ id: 't1', code: '57-NQ/TW.3.2.1', status: 'in_progress', due_date: '2027-03-02', original_due_date: '2027-03-02', ...over, actions: { ...none, ...actions } }) as Task;

const request = (over: Partial<TaskRequest>): TaskRequest => ({
  id: 'r1',
  task_id: 't1',
  kind: 'extension',
  reason: 'Chờ kinh phí',
  due_date: '2027-04-15',
  status: 'pending',
  requested_by: 'u1',
  requested_by_name: 'Ngô Thị Mai',
  requested_at: '2026-11-20T02:30:00Z',
  actions: { grant: false, refuse: false },
  ...over,
});

function renderPanel(props: Partial<Parameters<typeof RequestsPanel>[0]> = {}) {
  const handlers = { onFile: vi.fn(), onGrant: vi.fn(), onRefuse: vi.fn() };
  render(
    <App>
      <RequestsPanel task={task()} requests={[]} dueDates={[]} {...handlers} {...props} />
    </App>,
  );
  return handlers;
}

const item = (id: string) => document.querySelector<HTMLElement>(`.request-item[data-id="${id}"]`)!;

describe('RequestsPanel', () => {
  it('offers no form without request_change, and shows the original due date only when it was moved', () => {
    renderPanel({
      task: task({ due_date: '2027-04-15', original_due_date: '2027-03-02' }),
      dueDates: [{ id: 'c', changed_at: '2026-11-25T03:00:00Z', changed_by: 'u', changed_by_name: 'Đỗ Quang Huy', due_date_before: '2027-03-02', due_date_after: '2027-04-15', reason: 'Chờ kinh phí', request_id: 'r1' } satisfies DueDateChange],
    });
    expect(screen.queryByRole('button', { name: 'Gửi đề nghị' })).not.toBeInTheDocument();
    expect(screen.getByText('15/04/2027')).toBeInTheDocument();
    expect(screen.getByText('(hạn ban đầu: 02/03/2027)')).toBeInTheDocument();
    expect(screen.getByText('Lịch sử thay đổi hạn')).toBeInTheDocument();
    expect(screen.getByText('02/03/2027 → 15/04/2027')).toBeInTheDocument();
    expect(screen.getByText(/theo đề nghị gia hạn/)).toBeInTheDocument();
    expect(document.querySelector('.due-date-changed-by')).toHaveTextContent('bởi Đỗ Quang Huy'); // the name, not the id
  });

  it('refuses an extension not later than the current due date and a missing reason, with reasons', async () => {
    const onFile = vi.fn();
    renderPanel({ task: task({}, { request_change: true }), onFile });
    const user = userEvent.setup();
    const picker = screen.getByLabelText('Hạn mới đề nghị');
    await user.click(picker);
    await user.type(picker, '01/03/2027{Enter}');
    await user.click(screen.getByRole('button', { name: 'Gửi đề nghị' }));
    expect(await screen.findByText('Hạn mới phải sau hạn hiện tại (02/03/2027).')).toBeInTheDocument();
    expect(await screen.findByText('Vui lòng nhập lý do đề nghị')).toBeInTheDocument();
    expect(onFile).not.toHaveBeenCalled();
  }, 30_000);

  it('sends an extension with its date, and a cancellation without one', async () => {
    const onFile = vi.fn().mockResolvedValue(request({}));
    renderPanel({ task: task({}, { request_change: true }), onFile });
    const user = userEvent.setup();
    fireEvent.change(screen.getByLabelText('Lý do đề nghị'), { target: { value: 'Chờ kinh phí\nđợt 2' } });
    const picker = screen.getByLabelText('Hạn mới đề nghị');
    await user.click(picker);
    await user.type(picker, '15/04/2027{Enter}');
    await waitFor(() => expect(onFile).toHaveBeenCalledWith({ kind: 'extension', reason: 'Chờ kinh phí\nđợt 2', due_date: '2027-04-15' }));

    await user.click(screen.getByRole('radio', { name: 'Hủy nhiệm vụ' }));
    expect(screen.queryByLabelText('Hạn mới đề nghị')).not.toBeInTheDocument();
    expect(screen.getByText('Nếu được đồng ý, nhiệm vụ sẽ bị hủy và không thể mở lại.')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Lý do đề nghị'), { target: { value: 'Không còn phù hợp' } });
    await user.click(screen.getByRole('button', { name: 'Gửi đề nghị' }));
    await waitFor(() => expect(onFile).toHaveBeenLastCalledWith({ kind: 'cancellation', reason: 'Không còn phù hợp' }));
  }, 30_000);

  it('lists requests with status badges, and offers grant/refuse only as each request\'s actions say', async () => {
    const onRefuse = vi.fn().mockResolvedValue(request({ status: 'refused' }));
    const onGrant = vi.fn().mockResolvedValue(task());
    renderPanel({
      requests: [
        request({ id: 'mine', requested_at: '2026-11-21T00:00:00Z' }),
        request({ id: 'decide', kind: 'cancellation', due_date: null, requested_at: '2026-11-22T00:00:00Z', actions: { grant: true, refuse: true } }),
        request({ id: 'refused', status: 'refused', decided_by_name: 'Đỗ Quang Huy', decided_at: '2026-11-10T03:00:00Z', decision_reason: 'Chưa đủ căn cứ', requested_at: '2026-11-01T00:00:00Z' }),
      ],
      onGrant,
      onRefuse,
    });
    expect(within(item('mine')).getByText('Chờ quyết định')).toBeInTheDocument();
    expect(within(item('mine')).getByText('Hạn đề nghị: 15/04/2027')).toBeInTheDocument();
    expect(within(item('mine')).queryByRole('button')).not.toBeInTheDocument();
    expect(within(item('refused')).getByText('Không đồng ý')).toBeInTheDocument();
    expect(within(item('refused')).getByText('Chưa đủ căn cứ')).toBeInTheDocument();
    expect(within(item('refused')).getByText(/^Không đồng ý bởi Đỗ Quang Huy lúc 10\/11\/2026/)).toBeInTheDocument();

    const user = userEvent.setup();
    await user.click(within(item('decide')).getByRole('button', { name: 'Không đồng ý' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Không đồng ý' }));
    expect(await within(dialog).findByText('Vui lòng nhập lý do không đồng ý')).toBeInTheDocument();
    fireEvent.change(within(dialog).getByLabelText('Lý do không đồng ý'), { target: { value: 'Cần hoàn thành theo kế hoạch' } });
    await user.click(within(dialog).getByRole('button', { name: 'Không đồng ý' }));
    await waitFor(() => expect(onRefuse).toHaveBeenCalledWith('decide', 'Cần hoàn thành theo kế hoạch'));

    await user.click(within(item('decide')).getByRole('button', { name: 'Đồng ý' }));
    const confirm = await screen.findByText('Đồng ý hủy nhiệm vụ?');
    await user.click(within(confirm.closest('.ant-popover') as HTMLElement).getByRole('button', { name: 'Đồng ý' }));
    await waitFor(() => expect(onGrant).toHaveBeenCalledWith('decide'));
  }, 30_000);
});
