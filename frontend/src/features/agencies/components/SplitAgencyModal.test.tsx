import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Agency, AgencyTreeNode, SplitReport } from '../../../api/models';
import { SplitAgencyModal } from './SplitAgencyModal';

const api = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn(), PATCH: vi.fn(), DELETE: vi.fn() }));
vi.mock('../../../lib/api-client', () => ({ apiClient: api, authClient: api }));

const reply = (status: number, body: unknown) => ({
  data: status < 400 ? body : undefined,
  error: status < 400 ? undefined : body,
  response: { ok: status < 400, status, headers: new Headers() } as Response,
});
const NONE = { edit: false, edit_identity: false, add_child: false, delete: false, merge: false, dissolve: false, undo_merge: false };
const node = (id: string, name: string, children: AgencyTreeNode[] = []): AgencyTreeNode => ({ id, code: id, name, kind: 'commune', parent_id: 'HG', status: 'active', actions: NONE, children });
const ROOT = node('HG', 'Tỉnh Hà Giang', [node('HG-NT', 'Phường Nguyễn Trãi'), node('HG-1', 'Phường Hà Giang 1'), node('HG-2', 'Phường Hà Giang 2')]);
const source: Agency = {
  id: 'HG-NT',
  code: 'HG-NT',
  name: 'Phường Nguyễn Trãi',
  kind: 'commune',
  parent_id: 'HG',
  depth: 2,
  status: 'active',
  merged_into_id: null,
  established_on: '2020-01-01',
  created_at: '2020-01-01T00:00:00Z',
  updated_at: '2020-01-01T00:00:00Z',
  actions: { ...NONE, merge: true },
};
const validation = (errors: { field: string; code: string; message: string }[]) =>
  reply(422, { type: 'urn:restrack:problem:validation_failed', title: 'Unprocessable Entity', status: 422, detail: 'validation failed', code: 'validation_failed', request_id: 'r', errors });
const handedOver = { source_id: 'HG-NT', into_id: 'HG-1', dry_run: true, tasks_moved: 3, coordinations_moved: 0, closed_tasks_kept: 1, indicators_moved: 0, reporting_duties_moved: 2, values_kept: 4, users_moved: 1, api_keys_moved: 0, child_agencies_moved: 0, conflicts: [] };
const report = (dryRun: boolean): SplitReport => ({
  source_id: 'HG-NT',
  principal_id: 'HG-1',
  dry_run: dryRun,
  successors: [{ agency_id: 'HG-1', share: 0.6 }, { agency_id: 'HG-2', share: 0.4 }],
  handed_over: { ...handedOver, dry_run: dryRun },
});

const WAIT = { timeout: 10_000 };

function renderModal(onSplit = vi.fn(), onClose = vi.fn()) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <App>
        <SplitAgencyModal source={source} root={ROOT} onClose={onClose} onSplit={onSplit} />
      </App>
    </QueryClientProvider>,
  );
  return { onSplit, onClose };
}

/** Opens row n's agency picker, searches for the code and picks the agency named. */
async function pick(n: number, name: string) {
  const row = document.querySelector(`.split-row[data-row="${n}"]`) as HTMLElement;
  fireEvent.mouseDown(row.querySelector('.ant-select-selector') as HTMLElement);
  fireEvent.change(row.querySelector('input') as HTMLElement, { target: { value: name.split(' ')[0] ?? name } });
  const options = await screen.findAllByText(name, { selector: '.ant-select-tree-title' }, WAIT);
  await userEvent.setup().click(options[options.length - 1] as HTMLElement);
}

const typeShare = (n: number, text: string) => fireEvent.change(screen.getByLabelText(`Tỷ lệ của đơn vị kế thừa ${n}`), { target: { value: text } });

async function fillRows(shareA: string, shareB: string) {
  await pick(0, 'HG-1 — Phường Hà Giang 1');
  await pick(1, 'HG-2 — Phường Hà Giang 2');
  typeShare(1, shareA);
  typeShare(2, shareB);
}

const dialog = () => screen.getByRole('dialog');
const buttonIn = (name: string) => within(dialog()).getByRole('button', { name });

beforeEach(() => {
  api.POST.mockReset();
});

describe('SplitAgencyModal', () => {
  it('sends the shares as typed; the server\'s refusal of their sum is explained, the preview and confirm stay closed', async () => {
    renderModal();
    await screen.findByText('Chia tách HG-NT — Phường Nguyễn Trãi', undefined, WAIT);
    await fillRows('0,5', '0,4');
    expect(screen.getByText('Tổng các tỷ lệ: 0,9')).toBeInTheDocument();
    api.POST.mockResolvedValue(validation([{ field: 'successors', code: 'invalid', message: 'the shares sum to 0.9, not 1' }]));
    await userEvent.setup().click(buttonIn('Xem trước'));
    await waitFor(() => expect(api.POST).toHaveBeenCalledTimes(1));
    expect(api.POST).toHaveBeenCalledWith('/api/v1/agencies/{id}/split', {
      params: { path: { id: 'HG-NT' }, query: { dry_run: true } },
      body: { successors: [{ agency_id: 'HG-1', share: 0.5 }, { agency_id: 'HG-2', share: 0.4 }], effective_on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) as unknown },
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Chưa chia tách: hãy sửa các mục được đánh dấu.');
    expect(alert).toHaveTextContent('Tổng các tỷ lệ là 0,9, phải bằng 1.');
    expect(document.querySelector('.split-preview')).toBeNull();
    expect(buttonIn('Xác nhận chia tách')).toBeDisabled();
  }, 30_000);

  it('puts a refused share next to its row and a refused successor next to its picker', async () => {
    renderModal();
    await fillRows('0,6', '1,4');
    api.POST.mockResolvedValue(
      validation([
        { field: 'successors[1].share', code: 'range', message: 'must be more than 0 and at most 1' },
        { field: 'successors[0].agency_id', code: 'invalid', message: 'the successor is not active' },
      ]),
    );
    await userEvent.setup().click(buttonIn('Xem trước'));
    const second = document.querySelector('.split-row[data-row="1"]') as HTMLElement;
    expect(await within(second).findByText('Tỷ lệ nằm ngoài giới hạn cho phép.')).toBeInTheDocument();
    expect(within(second).queryByText('Đơn vị kế thừa không hợp lệ.')).toBeNull();
    const first = document.querySelector('.split-row[data-row="0"]') as HTMLElement;
    expect(within(first).getByText('Đơn vị kế thừa không hợp lệ.')).toBeInTheDocument();
    expect(within(first).queryByText('Tỷ lệ nằm ngoài giới hạn cho phép.')).toBeNull();
    expect((api.POST.mock.calls[0] as [string, { body: { successors: { share: number }[] } }])[1].body.successors[1]?.share).toBe(1.4); // not clamped
  }, 30_000);

  it('refuses a share that is no number on the client, and sends nothing', async () => {
    renderModal();
    await fillRows('0,6', 'bốn mươi');
    await userEvent.setup().click(buttonIn('Xem trước'));
    const second = document.querySelector('.split-row[data-row="1"]') as HTMLElement;
    expect(await within(second).findByText('Tỷ lệ phải là một số thập phân, vd. 0,6 hoặc 0.6.')).toBeInTheDocument();
    expect(api.POST).not.toHaveBeenCalled();
  }, 30_000);

  it('previews which successor takes the open work and what moves, then confirms that very split', async () => {
    const { onSplit } = renderModal();
    await fillRows('0,6', '0,4');
    api.POST.mockResolvedValueOnce(reply(200, report(true))).mockResolvedValueOnce(reply(200, report(false)));
    await userEvent.setup().click(buttonIn('Xem trước'));
    const preview = await screen.findByText(/^Đơn vị kế thừa chính: HG-1 — Phường Hà Giang 1 \(60 %\)/, undefined, WAIT);
    expect(preview).toBeInTheDocument();
    expect(screen.getByText(/^HG-2 — Phường Hà Giang 2 \(40 %\)/)).toBeInTheDocument();
    expect(within(document.querySelector('.split-preview') as HTMLElement).getByText('Nhiệm vụ đang chủ trì chuyển sang')).toBeInTheDocument();
    await userEvent.setup().click(buttonIn('Xác nhận chia tách'));
    await waitFor(() => expect(onSplit).toHaveBeenCalled());
    expect(api.POST).toHaveBeenLastCalledWith('/api/v1/agencies/{id}/split', expect.objectContaining({ params: { path: { id: 'HG-NT' }, query: { dry_run: false } } }));
    expect(await screen.findByText('Đã chia tách Phường Nguyễn Trãi')).toBeInTheDocument();
  }, 30_000);

  it('a change after the preview closes the confirm again', async () => {
    renderModal();
    await fillRows('0,6', '0,4');
    api.POST.mockResolvedValueOnce(reply(200, report(true)));
    await userEvent.setup().click(buttonIn('Xem trước'));
    await screen.findByText(/^Đơn vị kế thừa chính/, undefined, WAIT);
    expect(buttonIn('Xác nhận chia tách')).toBeEnabled();
    typeShare(2, '0,41');
    expect(buttonIn('Xác nhận chia tách')).toBeDisabled();
  }, 30_000);

  it('shows a 409 not_active in the dialog with the server\'s words', async () => {
    renderModal();
    await fillRows('0,6', '0,4');
    api.POST.mockResolvedValue(reply(409, { type: 'urn:restrack:problem:not_active', title: 'Conflict', status: 409, detail: 'only an active agency is split', code: 'not_active', request_id: 'r' }));
    await userEvent.setup().click(buttonIn('Xem trước'));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Đơn vị không còn hoạt động.');
    expect(alert).toHaveTextContent('only an active agency is split');
  }, 30_000);
});
