import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import type { Resolution } from '../../../api/models';
import { clearsIssuedOn, nextStatuses, resolutionToFormValues, toCreateResolutionBody, toUpdateResolutionBody } from './resolution-form';

const resolution: Resolution = {
  id: 'r1',
  code: '57-NQ/TW',
  title: 'Về đột phá phát triển khoa học',
  summary: 'Tóm tắt',
  owner_agency_id: 'A',
  issued_on: '2024-12-22',
  status: 'draft',
  progress: 0,
  created_at: '2024-12-22T00:00:00Z',
  updated_at: '2024-12-22T00:00:00Z',
  actions: { edit: true, add_task: true },
};

describe('resolution form', () => {
  it('builds the create body with trimmed text and an ISO date', () => {
    expect(
      toCreateResolutionBody({ code: ' 01-NQ/CP ', title: ' Nghị quyết ', owner_agency_id: 'A', issued_on: dayjs('2026-01-05') }),
    ).toEqual({ code: '01-NQ/CP', title: 'Nghị quyết', summary: '', owner_agency_id: 'A', issued_on: '2026-01-05' });
  });

  it('sends only what changed', () => {
    const values = resolutionToFormValues(resolution);
    expect(toUpdateResolutionBody(values, resolution)).toEqual({});
    expect(toUpdateResolutionBody({ ...values, title: 'Mới', status: 'active', issued_on: null }, resolution)).toEqual({
      title: 'Mới',
      status: 'active',
      issued_on: null,
    });
  });

  it('offers the current status and the later ones only', () => {
    expect(nextStatuses('draft')).toEqual(['draft', 'active', 'closed']);
    expect(nextStatuses('active')).toEqual(['active', 'closed']);
    expect(nextStatuses('closed')).toEqual(['closed']);
  });

  it('notices an issue date emptied on edit, which the API cannot clear', () => {
    const values = resolutionToFormValues(resolution);
    expect(clearsIssuedOn(values, resolution)).toBe(false);
    expect(clearsIssuedOn({ ...values, issued_on: null }, resolution)).toBe(true);
  });
});
