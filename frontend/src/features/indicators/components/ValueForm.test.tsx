import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { describe, expect, it, vi } from 'vitest';
import type { CreateValueBody, IndicatorValue, Problem } from '../../../api/models';
import { ApiError } from '../../../lib/problem';
import { ValueForm } from './ValueForm';

const today = new Date(2026, 10, 23); // 23 Nov 2026: 2026-Q4 has started, 2027 has not
const saved = (body: CreateValueBody) => Promise.resolve({ period: body.period } as IndicatorValue);

function renderForm(
  onSubmit: (body: CreateValueBody) => Promise<IndicatorValue>,
  props: Partial<Parameters<typeof ValueForm>[0]> = {},
) {
  render(
    <App>
      <ValueForm
        indicator={{ code: 'KT-01', name: 'Tỷ lệ giải ngân', value_type: 'percent', unit: '%', frequency: 'quarterly' }}
        agencies={[{ id: 'BADINH', name: 'Phường Ba Đình' }]}
        existing={new Map()}
        onSubmit={onSubmit}
        today={today}
        {...props}
      />
    </App>,
  );
}

const user = () => userEvent.setup();

/** The confirmation before a submission: its text, then "Gửi duyệt" in it. */
async function confirmSubmit(): Promise<string> {
  const dialog = await screen.findByRole('dialog');
  const text = dialog.textContent ?? '';
  await user().click(within(dialog).getByRole('button', { name: 'Gửi duyệt' }));
  await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  return text;
}

describe('ValueForm', () => {
  it('starts on the current quarter and sends a draft or a submission', async () => {
    const onSubmit = vi.fn(saved);
    renderForm(onSubmit);
    expect(screen.getByTitle('Quý 4/2026')).toBeInTheDocument();
    await user().type(screen.getByLabelText('Giá trị (%)'), '86,5');
    await user().type(screen.getByLabelText('Đường dẫn minh chứng'), 'https://example.vn/q4.pdf');
    await user().click(screen.getByRole('button', { name: 'Lưu nháp' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit).toHaveBeenLastCalledWith({ agency_id: 'BADINH', period: '2026-Q4', value: 86.5, note: '', evidence_url: 'https://example.vn/q4.pdf', submit: false });
    await user().type(screen.getByLabelText('Giá trị (%)'), '90');
    await user().click(screen.getByRole('button', { name: 'Gửi duyệt' }));
    expect(await confirmSubmit()).toContain('Chỉ tiêu KT-01 – Tỷ lệ giải ngân, đơn vị Phường Ba Đình, kỳ Quý 4/2026: 90%');
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(2));
    expect(onSubmit).toHaveBeenLastCalledWith(expect.objectContaining({ value: 90, evidence_url: null, submit: true }));
  }, 30_000);

  it('offers only the started periods of the indicator\'s frequency', async () => {
    renderForm(vi.fn(saved), { indicator: { code: 'KT-02', name: 'Doanh nghiệp thành lập mới', value_type: 'number', unit: 'doanh nghiệp', frequency: 'half_yearly' } });
    expect(screen.getByTitle('6 tháng cuối năm 2026')).toBeInTheDocument();
    await user().click(screen.getByLabelText('Kỳ báo cáo'));
    const list = await screen.findByRole('listbox');
    const options = within(list).getAllByRole('option').map((o) => o.getAttribute('aria-label') ?? o.textContent);
    expect(options.slice(0, 2)).toEqual(['6 tháng cuối năm 2026', '6 tháng đầu năm 2026']);
    expect(screen.queryByTitle(/Quý|2027/)).toBeNull();
  });

  it('refuses a percentage outside 0–100 next to the field and leaves it as typed', async () => {
    const onSubmit = vi.fn(saved);
    renderForm(onSubmit);
    const input = screen.getByLabelText('Giá trị (%)');
    await user().type(input, '150');
    fireEvent.blur(input);
    await user().click(screen.getByRole('button', { name: 'Gửi duyệt' }));
    expect(await screen.findByText('Tỷ lệ phải từ 0 đến 100 %')).toBeInTheDocument();
    expect(input).toHaveValue('150');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(onSubmit).not.toHaveBeenCalled();
    await user().clear(input);
    await user().type(input, '-3');
    fireEvent.blur(input);
    await user().click(screen.getByRole('button', { name: 'Lưu nháp' }));
    expect(await screen.findByText('Tỷ lệ phải từ 0 đến 100 %')).toBeInTheDocument();
    expect(input).toHaveValue('-3');
    expect(onSubmit).not.toHaveBeenCalled();
  }, 30_000);

  it('files nothing when the confirmation is cancelled', async () => {
    const onSubmit = vi.fn(saved);
    renderForm(onSubmit, { indicator: { code: 'KT-02', name: 'Doanh nghiệp thành lập mới', value_type: 'number', unit: 'doanh nghiệp', frequency: 'half_yearly' } });
    await user().type(screen.getByLabelText('Giá trị (doanh nghiệp)'), '1250,5');
    await user().click(screen.getByRole('button', { name: 'Gửi duyệt' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Chỉ tiêu KT-02 – Doanh nghiệp thành lập mới, đơn vị Phường Ba Đình, kỳ 6 tháng cuối năm 2026: 1.250,5 doanh nghiệp');
    await user().click(within(dialog).getByRole('button', { name: 'Hủy' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(onSubmit).not.toHaveBeenCalled();
  }, 30_000);

  it('boolean indicators take Có/Không', async () => {
    const onSubmit = vi.fn(saved);
    renderForm(onSubmit, { indicator: { code: 'KT-03', name: 'Ban hành kế hoạch', value_type: 'boolean', unit: '', frequency: 'yearly' } });
    await user().click(screen.getByRole('button', { name: 'Gửi duyệt' }));
    expect(await screen.findByText('Chọn Có hoặc Không')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
    await user().click(screen.getByText('Có / Đạt'));
    await user().click(screen.getByRole('button', { name: 'Gửi duyệt' }));
    expect(await confirmSubmit()).toContain('kỳ Năm 2026: Có / Đạt');
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ period: '2026', value: 1, submit: true })));
  }, 30_000);

  it('says that writing an existing period makes a new revision', async () => {
    renderForm(vi.fn(saved), { existing: new Map([['BADINH|2026-Q4', 'approved']]) });
    expect(await screen.findByText(/Kỳ này đã có số liệu \(đã duyệt\)/)).toBeInTheDocument();
  });

  it('shows the server\'s 422 errors at the fields', async () => {
    const problem: Problem = {
      type: 'about:blank',
      title: 'Unprocessable',
      status: 422,
      detail: 'validation failed',
      code: 'validation_failed',
      request_id: 'r1',
      errors: [
        { field: 'period', code: 'range', message: 'the period has not started' },
        { field: 'evidence_url', code: 'format', message: 'must be an http(s) URL' },
      ],
    };
    renderForm(() => Promise.reject(new ApiError(422, problem)));
    await user().type(screen.getByLabelText('Giá trị (%)'), '50');
    await user().click(screen.getByRole('button', { name: 'Gửi duyệt' }));
    await confirmSubmit();
    expect(await screen.findByText('Kỳ báo cáo nằm ngoài giới hạn cho phép.')).toBeInTheDocument();
    expect(screen.getByText('Đường dẫn minh chứng sai định dạng.')).toBeInTheDocument();
  }, 30_000);

  it('shows a 403 above the form', async () => {
    const problem: Problem = { type: 'about:blank', title: 'Forbidden', status: 403, detail: 'only the source agency enters figures', code: 'forbidden', request_id: 'r2' };
    renderForm(() => Promise.reject(new ApiError(403, problem)));
    await user().type(screen.getByLabelText('Giá trị (%)'), '50');
    await user().click(screen.getByRole('button', { name: 'Lưu nháp' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Bạn không có quyền thực hiện thao tác này.');
  }, 30_000);
});
