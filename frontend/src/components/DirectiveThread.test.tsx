import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import dayjs from 'dayjs';
import { describe, expect, it, vi } from 'vitest';
import type { Directive, IssueDirectiveBody } from '../api/models';
import { ApiError } from '../lib/problem';
import { DirectiveThread } from './DirectiveThread';
import { IssueDirectiveForm } from './IssueDirectiveForm';

const names: Record<string, string> = { HN: 'Thành phố Hà Nội' };
const nameOf = (id: string) => names[id];
const day = (offset: number) => dayjs().add(offset, 'day').format('YYYY-MM-DD');
const vn = (date: string) => dayjs(date).format('DD/MM/YYYY');

const directive = (over: Partial<Directive>): Directive => ({
  id: 'd1',
  task_id: 't1',
  directed_agency_id: 'BD',
  directed_agency_name: 'Phường Ba Đình',
  issuing_agency_id: 'HN',
  issued_by: 'u1',
  issued_by_name: 'Đỗ Quang Huy',
  issuing_agency_name: 'Thành phố Hà Nội',
  text: 'Báo cáo tiến độ số hóa hồ sơ',
  due_date: null,
  status: 'open',
  created_at: '2026-11-20T02:30:00Z',
  actions: { answer: false, close: false },
  ...over,
});

function renderThread(directives: Directive[], onAnswer = vi.fn(), onClose = vi.fn()) {
  render(
    <App>
      <DirectiveThread directives={directives} nameOf={nameOf} onAnswer={onAnswer} onClose={onClose} />
    </App>,
  );
  return { onAnswer, onClose };
}

const item = (id: string) => document.querySelector<HTMLElement>(`.directive-item[data-id="${id}"]`)!;

describe('DirectiveThread', () => {
  it('shows issuer, dates in dd/mm/yyyy, translated status and the overdue marker only when open and late', () => {
    renderThread([
      directive({ id: 'late', due_date: day(-3) }),
      directive({ id: 'answered', status: 'answered', due_date: day(-3), answer: 'Đã hoàn thành 90%', answered_at: '2026-11-25T03:00:00Z', answered_by_name: 'Ngô Thị Mai' }),
      directive({ id: 'closed', status: 'closed', closed_at: '2026-11-26T03:00:00Z', closed_by_name: 'Đỗ Quang Huy' }),
      directive({ id: 'upper', issuing_agency_id: 'ELSEWHERE', issuing_agency_name: 'Ủy ban nhân dân Thành phố', due_date: day(5) }),
    ]);
    const late = within(item('late'));
    expect(late.getByText('Chờ trả lời')).toBeInTheDocument();
    expect(late.getByText('Quá hạn trả lời')).toBeInTheDocument();
    expect(late.getByText('Thành phố Hà Nội')).toBeInTheDocument();
    expect(late.getByText(`Hạn trả lời: ${vn(day(-3))}`)).toBeInTheDocument();
    expect(late.getByText(/^Ngày chỉ đạo: 20\/11\/2026 \d\d:\d\d$/)).toBeInTheDocument();
    expect(late.getByText('Đơn vị chủ trì chưa trả lời.')).toBeInTheDocument();

    const answered = within(item('answered'));
    expect(answered.getByText('Đã trả lời')).toBeInTheDocument();
    expect(answered.queryByText('Quá hạn trả lời')).not.toBeInTheDocument();
    expect(answered.getByText('Đã hoàn thành 90%')).toBeInTheDocument();
    expect(answered.getByText(/Trả lời lúc 25\/11\/2026/)).toBeInTheDocument();
    expect(answered.getByText('Ngô Thị Mai')).toBeInTheDocument();
    expect(within(item('closed')).getByText(/^Kết thúc lúc 26\/11\/2026 \d\d:\d\d, bởi Đỗ Quang Huy$/)).toBeInTheDocument();

    // An issuer outside the user's subtree is named by the server, with the person who issued it.
    expect(within(item('upper')).getByText('Ủy ban nhân dân Thành phố')).toBeInTheDocument();
    expect(within(item('upper')).getByText('Đỗ Quang Huy')).toBeInTheDocument();
    expect(screen.queryByText('Đơn vị cấp trên')).not.toBeInTheDocument();
    expect(within(item('upper')).queryByText('Quá hạn trả lời')).not.toBeInTheDocument();
    expect(screen.queryByText(/^(open|answered|closed)$/)).not.toBeInTheDocument();
  });

  it('offers answer and close exactly as each directive\'s actions say', () => {
    renderThread([
      directive({ id: 'none' }),
      directive({ id: 'answer', actions: { answer: true, close: false } }),
      directive({ id: 'close', actions: { answer: false, close: true } }),
    ]);
    expect(within(item('none')).queryByRole('button')).not.toBeInTheDocument();
    expect(within(item('answer')).getByRole('button', { name: 'Trả lời' })).toBeInTheDocument();
    expect(within(item('answer')).queryByRole('button', { name: 'Kết thúc chỉ đạo' })).not.toBeInTheDocument();
    expect(within(item('close')).getByRole('button', { name: 'Kết thúc chỉ đạo' })).toBeInTheDocument();
    expect(within(item('close')).queryByRole('button', { name: 'Trả lời' })).not.toBeInTheDocument();
  });

  it('refuses an answer with a control character and explains why, without changing it; line breaks go through', async () => {
    const onAnswer = vi.fn().mockResolvedValue(directive({}));
    renderThread([directive({ actions: { answer: true, close: false } })], onAnswer);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Trả lời' }));
    const box = screen.getByLabelText('Nội dung trả lời');
    fireEvent.change(box, { target: { value: 'Dòng 1\u0007' } });
    await user.click(screen.getByRole('button', { name: 'Gửi trả lời' }));
    expect(await screen.findByText('Nội dung trả lời chứa ký tự điều khiển không được chấp nhận (chỉ cho phép xuống dòng và tab).')).toBeInTheDocument();
    expect(box).toHaveValue('Dòng 1\u0007');
    expect(onAnswer).not.toHaveBeenCalled();
    fireEvent.change(box, { target: { value: 'Dòng 1\nDòng 2' } });
    await user.click(screen.getByRole('button', { name: 'Gửi trả lời' }));
    await waitFor(() => expect(onAnswer).toHaveBeenCalledWith('d1', { text: 'Dòng 1\nDòng 2' }));
  }, 30_000);

  it('sends the answer as typed and shows the server\'s field errors by field', async () => {
    const onAnswer = vi.fn().mockRejectedValueOnce(
      new ApiError(422, { type: 'about:blank', title: 'x', status: 422, detail: 'x', code: 'validation_failed', request_id: 'r', errors: [{ field: 'text', code: 'length', message: 'must be at most 5000 characters' }] }),
    );
    renderThread([directive({ actions: { answer: true, close: false } })], onAnswer);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Trả lời' }));
    fireEvent.change(screen.getByLabelText('Nội dung trả lời'), { target: { value: 'Đã giao phòng Văn hóa  ' } });
    await user.click(screen.getByRole('button', { name: 'Gửi trả lời' }));
    await waitFor(() => expect(onAnswer).toHaveBeenCalledWith('d1', { text: 'Đã giao phòng Văn hóa  ' }));
    expect(await screen.findByText('Nội dung trả lời có độ dài hoặc kích thước không phù hợp.')).toBeInTheDocument();
    expect(screen.queryByText(/must be at most/)).not.toBeInTheDocument();
  }, 30_000);
});

describe('IssueDirectiveForm', () => {
  const renderForm = (onSubmit: (body: IssueDirectiveBody) => Promise<Directive>) =>
    render(
      <App>
        <IssueDirectiveForm recipient="Chỉ đạo gửi tới đơn vị chủ trì Phường Ba Đình." onSubmit={onSubmit} />
      </App>,
    );

  it('requires the text and refuses a due date in the past, with reasons', async () => {
    const onSubmit = vi.fn();
    renderForm(onSubmit);
    const user = userEvent.setup();
    const picker = screen.getByLabelText('Hạn trả lời');
    await user.click(picker);
    await user.type(picker, `${vn(day(-1))}{Enter}`);
    await user.click(screen.getByRole('button', { name: 'Gửi chỉ đạo' }));
    expect(await screen.findByText('Vui lòng nhập nội dung chỉ đạo')).toBeInTheDocument();
    expect(await screen.findByText(`Hạn trả lời không được trước hôm nay (${vn(day(0))}).`)).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  }, 30_000);

  it('sends the text and the due date, and puts the server\'s refusals next to the fields', async () => {
    const onSubmit = vi.fn().mockRejectedValueOnce(
      new ApiError(422, { type: 'about:blank', title: 'x', status: 422, detail: 'x', code: 'validation_failed', request_id: 'r', errors: [{ field: 'due_date', code: 'invalid', message: 'must not be in the past' }] }),
    );
    renderForm(onSubmit);
    const user = userEvent.setup();
    fireEvent.change(screen.getByLabelText('Nội dung chỉ đạo'), { target: { value: 'Hoàn thành số hóa trước hạn' } });
    const picker = screen.getByLabelText('Hạn trả lời');
    await user.click(picker);
    await user.type(picker, `${vn(day(7))}{Enter}`); // Enter confirms the date and submits the form
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ text: 'Hoàn thành số hóa trước hạn', due_date: day(7) }));
    expect(await screen.findByText('Hạn trả lời không hợp lệ.')).toBeInTheDocument();
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(screen.getByLabelText('Nội dung chỉ đạo')).toHaveValue('Hoàn thành số hóa trước hạn'); // kept for correcting
  }, 30_000);

  it('leaves the due date out when none is picked', async () => {
    const onSubmit = vi.fn((body: IssueDirectiveBody) => Promise.resolve(directive({ text: body.text })));
    renderForm(onSubmit);
    fireEvent.change(screen.getByLabelText('Nội dung chỉ đạo'), { target: { value: 'Rà soát hồ sơ tồn' } });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Gửi chỉ đạo' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ text: 'Rà soát hồ sơ tồn' }));
  }, 30_000);
});
