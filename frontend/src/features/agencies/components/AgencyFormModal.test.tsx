import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import dayjs from 'dayjs';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../lib/problem';
import { AgencyFormModal } from './AgencyFormModal';

const WAIT = { timeout: 10_000 };

async function fillNew() {
  fireEvent.change(screen.getByLabelText('Mã đơn vị'), { target: { value: 'E2E-MOI' } });
  fireEvent.change(screen.getByLabelText('Tên đơn vị'), { target: { value: 'Phường Mới' } });
  fireEvent.mouseDown(document.querySelector('.ant-select-selector') as HTMLElement);
  await userEvent.setup().click(await screen.findByTitle('Khác', undefined, WAIT));
}

describe('AgencyFormModal (new agency)', () => {
  it('sends "Ngày thành lập" as today by default', async () => {
    const onSubmit = vi.fn(() => Promise.resolve());
    render(
      <App>
        <AgencyFormModal title="Thêm" parentLabel="ROOT" withEstablishedOn onSubmit={onSubmit} onClose={vi.fn()} />
      </App>,
    );
    expect(await screen.findByLabelText('Ngày thành lập', undefined, WAIT)).toHaveValue(dayjs().format('DD/MM/YYYY'));
    await fillNew();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ code: 'E2E-MOI', name: 'Phường Mới', kind: 'other', established_on: dayjs().format('YYYY-MM-DD') }));
  }, 30_000);

  it('shows the server\'s refusal of the day at the field and stays open', async () => {
    const onClose = vi.fn();
    const refusal = new ApiError(422, {
      type: 'urn:restrack:problem:validation_failed', title: 'Unprocessable Entity', status: 422, detail: 'validation failed', code: 'validation_failed', request_id: 'r',
      errors: [{ field: 'established_on', code: 'range', message: 'must be today or earlier' }],
    });
    render(
      <App>
        <AgencyFormModal title="Thêm" parentLabel="ROOT" withEstablishedOn onSubmit={() => Promise.reject(refusal)} onClose={onClose} />
      </App>,
    );
    await fillNew();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Lưu' }));
    const item = (await screen.findByLabelText('Ngày thành lập', undefined, WAIT)).closest('.ant-form-item') as HTMLElement;
    expect(await within(item).findByText('Ngày thành lập nằm ngoài giới hạn cho phép.')).toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();
  }, 30_000);

  it('asks no day when editing', async () => {
    render(
      <App>
        <AgencyFormModal title="Sửa" initial={{ code: 'HN', name: 'Hà Nội', kind: 'province' }} onSubmit={vi.fn()} onClose={vi.fn()} />
      </App>,
    );
    await screen.findByLabelText('Tên đơn vị', undefined, WAIT);
    expect(screen.queryByLabelText('Ngày thành lập')).toBeNull();
  }, 30_000);
});
