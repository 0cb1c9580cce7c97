import { describe, expect, it } from 'vitest';
import { ALERT_KINDS, type Problem } from '../../../api/models';
import { translator } from '../../../lib/i18n/i18n';
import { ApiError } from '../../../lib/problem';
import { SEVERITY_COLOR, alertMessage, alertQuery, filtersFromSearch, filtersToSearch, isAlreadyAcknowledged, isEvaluationBusy, subjectPath } from './alert-labels';

describe('alert labels', () => {
  it('shows the sentence in the reader\'s language, the Vietnamese when no English was kept', () => {
    const alert = { message: 'Nhiệm vụ A quá hạn 3 ngày (hạn 16/11/2026), tiến độ 32,9 %', message_en: 'Task A is 3 days overdue (due 2026-11-16), progress 32.9 %' };
    expect(alertMessage(alert, 'vi')).toBe(alert.message);
    expect(alertMessage(alert, 'en')).toBe(alert.message_en);
    expect(alertMessage({ message: alert.message, message_en: null }, 'en')).toBe(alert.message);
  });

  it('names every kind in Vietnamese', () => {
    const t = translator('vi');
    expect(ALERT_KINDS.map((k) => t(`alertKind.${k}`))).toEqual([
      'Quá hạn',
      'Sắp đến hạn',
      'Chậm tiến độ',
      'Dự báo không đạt',
      'Chưa báo cáo',
      'Chưa có số liệu',
      'Chỉ tiêu không đạt',
      'Tồn đọng phê duyệt',
      'Điểm nghẽn',
      'Chỉ đạo chưa được trả lời',
    ]);
  });

  it('colours severities: critical red, warning orange, info blue', () => {
    expect(SEVERITY_COLOR).toEqual({ critical: 'red', warning: 'orange', info: 'blue' });
  });
});

describe('alert subject and refusals', () => {
  it('jumps to the task, else the indicator, else nowhere', () => {
    expect(subjectPath({ task_id: 'T1', indicator_id: null })).toBe('/tasks/T1');
    expect(subjectPath({ task_id: null, indicator_id: 'I1' })).toBe('/indicators/I1');
    expect(subjectPath({ task_id: null, indicator_id: null })).toBeUndefined();
  });

  it('tells a running evaluation and an alert acknowledged meanwhile apart from other failures', () => {
    expect(isEvaluationBusy(409)).toBe(true);
    expect(isEvaluationBusy(500)).toBe(false);
    const conflict = (code: Problem['code']) => new ApiError(409, { type: `urn:restrack:problem:${code}`, title: 'Conflict', status: 409, detail: 'd', code, request_id: 'r' });
    expect(isAlreadyAcknowledged(conflict('alert_acknowledged'))).toBe(true);
    expect(isAlreadyAcknowledged(conflict('alert_resolved'))).toBe(false);
    expect(isAlreadyAcknowledged(new ApiError(403, null))).toBe(false);
  });
});

describe('alert filters', () => {
  it('reads the address, ignoring unknown values, and writes it back', () => {
    const f = filtersFromSearch(new URLSearchParams('agency_id=A1&severity=critical&kind=planet&status=resolved'));
    expect(f).toEqual({ agency_id: 'A1', kind: undefined, severity: 'critical', status: 'resolved' });
    expect(filtersToSearch(f).toString()).toBe('agency_id=A1&severity=critical&status=resolved');
  });

  it('pages on the server and leaves the status out by default (open + acknowledged)', () => {
    expect(alertQuery({ severity: 'warning' }, 3, 20)).toEqual({ limit: 20, offset: 40, severity: 'warning' });
    expect(alertQuery({}, 1, 50)).toEqual({ limit: 50, offset: 0 });
  });
});
