import { describe, expect, it } from 'vitest';
import { translator } from '../../../lib/i18n/i18n';
import { describeReportCalendar, parseDueDay } from './report-calendar';

describe('resolution report calendar', () => {
  it('reads as a sentence in Vietnamese and English', () => {
    expect(describeReportCalendar({ frequency: 'monthly', due_day: 20 }, translator('vi'))).toBe('Báo cáo tiến độ hằng tháng, hạn ngày 20');
    expect(describeReportCalendar({ frequency: 'quarterly', due_day: 5 }, translator('en'))).toBe('Progress reports quarterly, due on day 5');
    expect(describeReportCalendar(null, translator('vi'))).toBe('Chưa đặt lịch báo cáo tiến độ');
  });

  it('takes a due day from 1 to 28 as typed, never clamping', () => {
    expect(parseDueDay('1')).toBe(1);
    expect(parseDueDay('28')).toBe(28);
    for (const bad of ['0', '29', '31', '2.5', ' 5', '', undefined]) expect(parseDueDay(bad)).toBeNull();
  });
});
