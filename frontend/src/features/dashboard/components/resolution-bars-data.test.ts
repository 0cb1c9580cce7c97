import { describe, expect, it } from 'vitest';
import type { Health } from '../../../api/models';
import { contrastRatio } from './heatmap-data';
import { HEALTH_COLORS, type ResolutionBar } from './overview-data';
import {
  EXPECTED_MARK_COLOR,
  HEALTH_TEXT_COLORS,
  NO_HEALTH_COLOR,
  resolutionBarFigures,
  resolutionChartDescription,
  resolutionChartHeight,
  resolutionChartOption,
  type ResolutionBarLabels,
} from './resolution-bars-data';

const VI: Record<Health, string> = { on_track: 'Đúng tiến độ', at_risk: 'Có nguy cơ chậm', off_track: 'Chậm tiến độ', overdue: 'Quá hạn', done: 'Hoàn thành' };
const LABELS: ResolutionBarLabels = {
  progress: 'Tiến độ',
  expected: 'Tiến độ kỳ vọng hôm nay',
  percent: (v) => `${String(v).replace('.', ',')}%`,
  figures: (progress, expected) => (expected === null ? `Đạt ${progress}` : `Đạt ${progress} — kỳ vọng ${expected}`),
  health: (h) => (h ? VI[h] : 'Chưa có nhiệm vụ'),
};

const bar = (code: string, progress: number, expected: number | null, health: Health | null): ResolutionBar => ({ id: code, code, title: `Nghị quyết ${code}`, progress, expected, health });
const BARS = [bar('57-NQ/TW', 15, 56.7, 'off_track'), bar('66-NQ/TW', 72.5, 87.5, 'at_risk'), bar('99-NQ/TW', 0, null, null)];

describe('progress by resolution', () => {
  it('colours each bar by the health the server sends (grey without one), not by the progress', () => {
    const option = resolutionChartOption(BARS, LABELS);
    expect(option.series[0]?.data).toEqual([
      { value: 15, itemStyle: { color: HEALTH_COLORS.off_track } },
      { value: 72.5, itemStyle: { color: HEALTH_COLORS.at_risk } },
      { value: 0, itemStyle: { color: NO_HEALTH_COLOR } },
    ]);
  });

  it('marks the expected progress on each bar, nothing where there is none', () => {
    const option = resolutionChartOption(BARS, LABELS);
    const marks = option.series[1];
    expect(marks).toMatchObject({ type: 'scatter', name: 'Tiến độ kỳ vọng hôm nay', symbol: 'rect' });
    expect(marks?.data).toEqual([
      [56.7, 0],
      [87.5, 1],
      ['-', 2],
    ]);
    expect(contrastRatio(EXPECTED_MARK_COLOR, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it('writes both figures and the health in words beside each bar and in the tooltip', () => {
    expect(resolutionBarFigures(BARS[0]!, LABELS)).toBe('Đạt 15% — kỳ vọng 56,7%');
    expect(resolutionBarFigures(BARS[2]!, LABELS)).toBe('Đạt 0%');
    const option = resolutionChartOption(BARS, LABELS);
    const right = option.yAxis[1]!;
    expect(right.position).toBe('right');
    expect(right.axisLabel?.formatter('57-NQ/TW', 0)).toBe('{figures|Đạt 15% — kỳ vọng 56,7%}\n{off_track|Chậm tiến độ}');
    expect(right.axisLabel?.formatter('99-NQ/TW', 2)).toBe('{figures|Đạt 0%}\n{none|Chưa có nhiệm vụ}');
    const tip = option.tooltip.formatter([{ dataIndex: 1 }]);
    expect(tip).toContain('66-NQ/TW');
    expect(tip).toContain('Đạt 72,5% — kỳ vọng 87,5%');
    expect(tip).toContain('Có nguy cơ chậm');
  });

  it('health words are readable on white (≥ 4.5:1)', () => {
    for (const [health, color] of Object.entries(HEALTH_TEXT_COLORS)) expect(contrastRatio(color, '#ffffff'), health).toBeGreaterThanOrEqual(4.5);
  });

  it('names every bar for a screen reader, and grows with the number of resolutions', () => {
    expect(resolutionChartDescription('Tiến độ theo nghị quyết', BARS.slice(0, 2), LABELS)).toBe(
      'Tiến độ theo nghị quyết: 57-NQ/TW: Đạt 15% — kỳ vọng 56,7% (Chậm tiến độ); 66-NQ/TW: Đạt 72,5% — kỳ vọng 87,5% (Có nguy cơ chậm)',
    );
    expect(resolutionChartHeight(2)).toBe(260);
    expect(resolutionChartHeight(10)).toBe(424);
  });
});
