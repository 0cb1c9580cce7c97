import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { describe, expect, it, vi } from 'vitest';
import type { Problem } from '../../../api/models';
import { ApiError } from '../../../lib/problem';
import type { ResolutionFormValues } from './resolution-form';
import { ResolutionFormModal } from './ResolutionFormModal';

const options = [{ value: 'HN', title: 'HN — Thành phố Hà Nội', children: [] }];

function renderModal(onSubmit: (v: ResolutionFormValues) => Promise<unknown>, initial: Partial<ResolutionFormValues> = { owner_agency_id: 'HN' }) {
  const onClose = vi.fn();
  render(
    <App>
      <ResolutionFormModal initial={initial} ownerOptions={options} onSubmit={onSubmit} onClose={onClose} />
    </App>,
  );
  return { onClose };
}

const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
const create = () => userEvent.setup().click(screen.getByRole('button', { name: 'Thêm mới' }));

describe('ResolutionFormModal', { timeout: 60_000 }, () => {
  it('refuses an empty code and title next to the fields and sends nothing', async () => {
    const onSubmit = vi.fn(() => Promise.resolve());
    renderModal(onSubmit);
    await create();
    expect(await screen.findByText('Vui lòng nhập số hiệu')).toBeInTheDocument();
    expect(screen.getByText('Vui lòng nhập trích yếu')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('refuses a code with spaces instead of rewriting it', async () => {
    const onSubmit = vi.fn(() => Promise.resolve());
    renderModal(onSubmit);
    type('Số hiệu', 'NQ 01');
    type('Trích yếu', 'Nghị quyết');
    await create();
    expect(await screen.findByText(/Mã chỉ gồm chữ cái không dấu/)).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('sends the values and closes', async () => {
    const onSubmit = vi.fn(() => Promise.resolve());
    const { onClose } = renderModal(onSubmit);
    type('Số hiệu', '01-NQ/HN');
    type('Trích yếu', 'Nghị quyết thử');
    await create();
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ code: '01-NQ/HN', title: 'Nghị quyết thử', owner_agency_id: 'HN' }));
  });

  it("shows the server's field refusal next to the field and stays open", async () => {
    const problem: Problem = {
      type: 'about:blank', title: 'x', status: 409, detail: 'x', code: 'duplicate_code', request_id: 'r', errors: [{ field: 'code', code: 'duplicate', message: 'x' }],
    };
    const onSubmit = vi.fn(() => Promise.reject(new ApiError(409, problem)));
    const { onClose } = renderModal(onSubmit, { owner_agency_id: 'HN', code: '57-NQ/TW', title: 'Trùng' });
    await create();
    expect(await screen.findByText('Số hiệu bị trùng hoặc đã được sử dụng.')).toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();
  });
});
