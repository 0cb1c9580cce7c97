import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../lib/problem';
import { ReturnReasonModal } from './ReturnReasonModal';

function renderModal(onReturn: (reason: string) => Promise<unknown>) {
  const onClose = vi.fn();
  render(
    <App>
      <ReturnReasonModal summary="COMMUNE_ONLINE — Phường Ba Đình, Quý 4/2026: 86%" onReturn={onReturn} onClose={onClose} />
    </App>,
  );
  return { onClose };
}

const confirm = () => userEvent.setup().click(screen.getByRole('button', { name: 'Trả lại' }));

describe('ReturnReasonModal', () => {
  it('requires a reason (blank is not one)', async () => {
    const onReturn = vi.fn(() => Promise.resolve());
    renderModal(onReturn);
    await confirm();
    expect(await screen.findByText('Vui lòng nhập lý do trả lại')).toBeInTheDocument();
    await userEvent.setup().type(screen.getByLabelText('Lý do trả lại'), '   ');
    await confirm();
    expect(onReturn).not.toHaveBeenCalled();
  }, 30_000);

  it('sends the trimmed reason and closes', async () => {
    const onReturn = vi.fn(() => Promise.resolve());
    const { onClose } = renderModal(onReturn);
    expect(screen.getByText('COMMUNE_ONLINE — Phường Ba Đình, Quý 4/2026: 86%')).toBeInTheDocument();
    await userEvent.setup().type(screen.getByLabelText('Lý do trả lại'), '  Thiếu minh chứng  ');
    await confirm();
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(onReturn).toHaveBeenCalledWith('Thiếu minh chứng');
  }, 30_000);

  it('keeps the dialog open with the server\'s refusal, translated by code', async () => {
    const { onClose } = renderModal(() =>
      Promise.reject(new ApiError(403, { type: 'about:blank', title: 'Forbidden', status: 403, detail: 'you cannot return a figure you submitted', code: 'forbidden', request_id: 'r' })),
    );
    await userEvent.setup().type(screen.getByLabelText('Lý do trả lại'), 'Sai số liệu');
    await confirm();
    expect(await screen.findByText('Bạn không có quyền thực hiện thao tác này.')).toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();
  }, 30_000);
});
