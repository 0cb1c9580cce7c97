import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../lib/problem';
import { ReasonModal } from './ReasonModal';

const problem = (status: number, code: string, errors?: { field: string; code: 'required' | 'length'; message: string }[]) =>
  ({ type: 'about:blank', title: 'x', status, detail: 'x', code, request_id: 'r', ...(errors ? { errors } : {}) }) as ConstructorParameters<typeof ApiError>[1];

function renderModal(onSubmit: (reason: string) => Promise<unknown>) {
  const onClose = vi.fn();
  render(
    <App>
      <ReasonModal
        open
        name="refuse-r1"
        title="Không đồng ý với đề nghị"
        description="Lý do được gửi tới đơn vị chủ trì."
        label="Lý do không đồng ý"
        okText="Không đồng ý"
        onSubmit={onSubmit}
        onClose={onClose}
      />
    </App>,
  );
  return { onClose, dialog: screen.getByRole('dialog'), ok: () => screen.getByRole('button', { name: 'Không đồng ý' }) };
}

describe('ReasonModal (returning a completion, refusing a request)', () => {
  it('refuses an empty or blank reason with the reason, and sends nothing', async () => {
    const onSubmit = vi.fn();
    const { ok, onClose } = renderModal(onSubmit);
    const user = userEvent.setup({ delay: null });
    expect(screen.getByText('Không đồng ý với đề nghị')).toBeInTheDocument();
    expect(screen.getByText('Lý do được gửi tới đơn vị chủ trì.')).toBeInTheDocument();
    await user.click(ok());
    expect(await screen.findByText('Vui lòng nhập lý do không đồng ý')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Lý do không đồng ý'), '   ');
    await user.click(ok());
    expect(await screen.findByText('Vui lòng nhập lý do không đồng ý')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
    expect(onClose).not.toHaveBeenCalled();
  });

  it('sends the reason as typed, line breaks included, and closes', async () => {
    const onSubmit = vi.fn().mockResolvedValue(undefined);
    const { ok, onClose } = renderModal(onSubmit);
    const user = userEvent.setup({ delay: null });
    await user.click(screen.getByLabelText('Lý do không đồng ý'));
    await user.paste(' Chưa đủ căn cứ\nĐề nghị bổ sung hồ sơ ');
    await user.click(ok());
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(onSubmit).toHaveBeenCalledWith(' Chưa đủ căn cứ\nĐề nghị bổ sung hồ sơ ');
  });

  it('keeps the dialog open on a refusal: a field error next to the reason, anything else above it', async () => {
    const onSubmit = vi
      .fn()
      .mockRejectedValueOnce(new ApiError(422, problem(422, 'validation_failed', [{ field: 'reason', code: 'length', message: 'too long' }])))
      .mockRejectedValueOnce(new ApiError(409, problem(409, 'already_decided')));
    const { ok, onClose } = renderModal(onSubmit);
    const user = userEvent.setup({ delay: null });
    await user.click(screen.getByLabelText('Lý do không đồng ý'));
    await user.paste('Không phù hợp');
    await user.click(ok());
    expect(await screen.findByText('Lý do không đồng ý có độ dài hoặc kích thước không phù hợp.')).toBeInTheDocument();
    await user.click(ok());
    expect(await screen.findByRole('alert')).toHaveTextContent('Đề nghị này đã được quyết định.');
    expect(onSubmit).toHaveBeenCalledTimes(2);
    expect(onClose).not.toHaveBeenCalled();
  });
});
