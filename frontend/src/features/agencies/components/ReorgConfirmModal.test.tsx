import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { describe, expect, it, vi } from 'vitest';
import type { Agency, Problem, UndoMergeReport } from '../../../api/models';
import { ApiError } from '../../../lib/problem';
import { DeleteAgencyModal, DissolveAgencyModal, UndoMergeModal } from './ReorgConfirmModal';

const agency = (code: string, name: string, status: Agency['status'] = 'active'): Agency => ({
  id: code,
  code,
  name,
  kind: 'other',
  parent_id: 'ROOT',
  depth: 1,
  status,
  merged_into_id: status === 'merged' ? 'TQ' : null,
  established_on: '2026-01-01',
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  actions: { edit: false, edit_identity: false, add_child: false, delete: false, merge: false, dissolve: false, undo_merge: false },
});

const conflict = (code: Problem['code'], detail: string) =>
  new ApiError(409, { type: `urn:restrack:problem:${code}`, title: 'Conflict', status: 409, detail, code, request_id: 'r' });

const click = (name: string) => userEvent.setup().click(screen.getByRole('button', { name }));

describe('DissolveAgencyModal', () => {
  it('keeps the dialog open with what is still open (409 still_open)', async () => {
    const onClose = vi.fn();
    const detail = 'the agency still has 1 open task(s) it leads, 2 active user account(s); move or close them first';
    const onDissolve = vi.fn(() => Promise.reject(conflict('still_open', detail)));
    render(
      <App>
        <DissolveAgencyModal agency={agency('HN-BADINH', 'Phường Ba Đình')} parentLabel="HN — Thành phố Hà Nội" onDissolve={onDissolve} onClose={onClose} />
      </App>,
    );
    expect(screen.getByText('Giải thể HN-BADINH — Phường Ba Đình')).toBeInTheDocument();
    await click('Xác nhận giải thể');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Chưa thể giải thể: đơn vị vẫn còn việc đang mở');
    expect(alert).toHaveTextContent(detail);
    expect(alert).toHaveAttribute('data-code', 'still_open');
    expect(onDissolve).toHaveBeenCalledTimes(1);
    expect(onClose).not.toHaveBeenCalled();
  }, 30_000);

  it('closes after dissolving and says so', async () => {
    const onClose = vi.fn();
    const onDissolve = vi.fn(() => Promise.resolve(agency('E2E', 'Đơn vị trống', 'dissolved')));
    render(
      <App>
        <DissolveAgencyModal agency={agency('E2E', 'Đơn vị trống')} onDissolve={onDissolve} onClose={onClose} />
      </App>,
    );
    await click('Xác nhận giải thể');
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(await screen.findByText('Đã giải thể Đơn vị trống')).toBeInTheDocument();
  }, 30_000);
});

describe('UndoMergeModal', () => {
  it('shows why the merge can no longer be undone (409 written_since)', async () => {
    const onClose = vi.fn();
    render(
      <App>
        <UndoMergeModal
          agency={agency('HG', 'Tỉnh Hà Giang', 'merged')}
          successorLabel="TQ — Tỉnh Tuyên Quang"
          onUndo={() => Promise.reject(conflict('written_since', '4 change(s) were made since the merge; it can no longer be undone'))}
          onClose={onClose}
        />
      </App>,
    );
    expect(screen.getByText('TQ — Tỉnh Tuyên Quang')).toBeInTheDocument();
    await click('Xác nhận hoàn tác');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Không thể hoàn tác: đã có thay đổi kể từ khi hợp nhất.');
    expect(alert).toHaveTextContent('4 change(s) were made since the merge');
    expect(onClose).not.toHaveBeenCalled();
  }, 30_000);

  it('reports the tasks, users and sub-agencies that came back', async () => {
    const onClose = vi.fn();
    const report: UndoMergeReport = { source_id: 'HG', into_id: 'TQ', merged_at: '2026-10-01T00:00:00Z', tasks_returned: 3, users_returned: 2, child_agencies_returned: 1 };
    render(
      <App>
        <UndoMergeModal agency={agency('HG', 'Tỉnh Hà Giang', 'merged')} onUndo={() => Promise.resolve(report)} onClose={onClose} />
      </App>,
    );
    await click('Xác nhận hoàn tác');
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(await screen.findByText('Đã hoàn tác hợp nhất Tỉnh Hà Giang: trả lại 3 nhiệm vụ, 2 người dùng, 1 đơn vị trực thuộc')).toBeInTheDocument();
  }, 30_000);
});

describe('DeleteAgencyModal', () => {
  it('keeps the dialog open when the agency still has users (409 has_users)', async () => {
    const onClose = vi.fn();
    render(
      <App>
        <DeleteAgencyModal
          agency={agency('E2E', 'Đơn vị nhập nhầm')}
          parentLabel="ROOT — Văn phòng Trung ương"
          onDelete={() => Promise.reject(conflict('has_users', 'the agency has 1 user accounts'))}
          onClose={onClose}
        />
      </App>,
    );
    expect(screen.getByText('Xóa E2E — Đơn vị nhập nhầm')).toBeInTheDocument();
    await click('Xác nhận xóa');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Chưa thể xóa: đơn vị còn tài khoản người dùng.');
    expect(alert).toHaveTextContent('the agency has 1 user accounts');
    expect(alert).toHaveAttribute('data-code', 'has_users');
    expect(onClose).not.toHaveBeenCalled();
  }, 30_000);
});
