import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import dayjs from 'dayjs';
import { describe, expect, it, vi } from 'vitest';
import type { Problem } from '../../../api/models';
import { ApiError } from '../../../lib/problem';
import type { TaskFormValues } from './task-form';
import { TaskFormDrawer } from './TaskFormDrawer';

const problem = (status: number, extra: Partial<Problem> = {}): Problem => ({
  type: 'about:blank',
  title: 'x',
  status,
  detail: 'x',
  code: 'validation_failed',
  request_id: 'req-1',
  ...extra,
});

const options = [{ value: 'HN', title: 'HN — Thành phố Hà Nội', children: [{ value: 'CG', title: 'HN-CAUGIAY — Phường Cầu Giấy', children: [] }] }];
const initial: TaskFormValues = {
  code: '57-NQ/TW.3.3',
  title: 'Nhiệm vụ thử',
  description: '',
  lead_agency_id: 'CG',
  coordinating_agency_ids: [],
  start_date: dayjs('2026-11-23'),
  due_date: dayjs('2027-04-22'),
  weight: 1,
};

function renderDrawer(onSubmit: (v: TaskFormValues) => Promise<unknown>, onReloadStale?: () => Promise<TaskFormValues | undefined>) {
  const onClose = vi.fn();
  render(
    <App>
      <TaskFormDrawer
        title="Sửa nhiệm vụ"
        initial={initial}
        parentDue="2027-04-22"
        leadOptions={options}
        coordinatorOptions={options}
        onSubmit={onSubmit}
        onClose={onClose}
        onReloadStale={onReloadStale}
      />
    </App>,
  );
  return { onClose };
}

const save = () => userEvent.setup().click(screen.getByRole('button', { name: 'Lưu' }));

describe('TaskFormDrawer', () => {
  it('submits the values and closes', async () => {
    const onSubmit = vi.fn(() => Promise.resolve());
    const { onClose } = renderDrawer(onSubmit);
    await save();
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ code: '57-NQ/TW.3.3', lead_agency_id: 'CG' }));
  });

  it('shows 422 errors next to the matching fields, indexed ones included', async () => {
    const onSubmit = vi.fn(() =>
      Promise.reject(
        new ApiError(
          422,
          problem(422, {
            detail: 'validation failed',
            errors: [
              { field: 'lead_agency_id', code: 'invalid', message: 'the lead agency must be within the parent task scope' },
              { field: 'coordinating_agency_ids[0]', code: 'not_found', message: 'unknown agency' },
              { field: 'due_date', code: 'range', message: 'due_date is after the parent task due date' },
            ],
          }),
        ),
      ),
    );
    const { onClose } = renderDrawer(onSubmit);
    await save();
    // Translated from the field codes, with the form's labels; the server's English is not shown.
    expect(await screen.findByText('Đơn vị chủ trì không hợp lệ.')).toBeInTheDocument();
    expect(screen.getByText('Không tìm thấy Đơn vị phối hợp (mục 1) đã chọn, hoặc nằm ngoài phạm vi của bạn.')).toBeInTheDocument();
    expect(screen.getByText('Hạn hoàn thành nằm ngoài giới hạn cho phép.')).toBeInTheDocument();
    expect(screen.queryByText(/parent task/)).not.toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();
  });

  it('on 412 says someone else changed the task and reloads the latest version into the form', async () => {
    const onSubmit = vi.fn().mockRejectedValueOnce(new ApiError(412, problem(412))).mockResolvedValueOnce(undefined);
    const onReload = vi.fn(() => Promise.resolve({ ...initial, title: 'Tên mới do người khác sửa' }));
    const { onClose } = renderDrawer(onSubmit, onReload);
    await save();
    expect(await screen.findByText('Nhiệm vụ đã bị người khác thay đổi')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Lưu' })).toBeDisabled();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Tải phiên bản mới nhất' }));
    await waitFor(() => expect(screen.getByLabelText('Tên nhiệm vụ')).toHaveValue('Tên mới do người khác sửa'));
    expect(screen.queryByText('Nhiệm vụ đã bị người khác thay đổi')).not.toBeInTheDocument();
    await save();
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(onSubmit).toHaveBeenLastCalledWith(expect.objectContaining({ title: 'Tên mới do người khác sửa' }));
  }, 40_000); // several antd interactions: slow on a busy machine

  it('shows a conflict without field errors above the form', async () => {
    renderDrawer(() => Promise.reject(new ApiError(409, problem(409, { code: 'duplicate_code', detail: 'a task with this code already exists' }))));
    await save();
    expect(await screen.findByText('Mã này đã được sử dụng.')).toBeInTheDocument();
    expect(screen.queryByText(/already exists/)).not.toBeInTheDocument();
  });
});
