import { describe, expect, it } from 'vitest';
import { chartTable, fitOption } from './chart-table';

describe('chartTable', () => {
  it('reads a vertical bar chart: categories from the x axis, one column per series, objects by their value', () => {
    const table = chartTable({
      xAxis: { type: 'category', data: ['Đúng tiến độ', 'Quá hạn'] },
      yAxis: { type: 'value' },
      series: [{ type: 'bar', name: 'Nhiệm vụ', data: [{ value: 10, itemStyle: {} }, 3] }],
    });
    expect(table).toEqual({ categories: ['Đúng tiến độ', 'Quá hạn'], series: [{ name: 'Nhiệm vụ', values: [10, 3] }] });
  });

  it('reads a horizontal bar chart from the y axis, and a gap as null', () => {
    const table = chartTable({
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: ['57-NQ/TW', '59-NQ/TW'] },
      series: [{ name: 'Tiến độ', data: [54.5, null] }, { data: [1] }],
    });
    expect(table.categories).toEqual(['57-NQ/TW', '59-NQ/TW']);
    expect(table.series).toEqual([
      { name: 'Tiến độ', values: [54.5, null] },
      { name: '2', values: [1, null] },
    ]);
  });

  it('has no rows without a category axis', () => {
    expect(chartTable({ series: [] }).categories).toEqual([]);
    expect(chartTable(undefined).categories).toEqual([]);
  });
});

describe('fitOption', () => {
  const option = { legend: { top: 0 }, xAxis: { type: 'category', data: ['a', 'b', 'c', 'd', 'e'], axisLabel: { interval: 0, width: 76 } } };

  it('leaves a wide chart as it is', () => {
    expect(fitOption(option, 800)).toBe(option);
    expect(fitOption(option, undefined)).toBe(option);
  });

  it('gives each label the room it has on a phone, and scrolls the legend', () => {
    const fitted = fitOption(option, 320) as unknown as { legend: { type: string }; xAxis: { axisLabel: { width: number; hideOverlap: boolean; interval: number } } };
    expect(fitted.xAxis.axisLabel).toEqual({ interval: 0, width: 48, hideOverlap: true });
    expect(fitted.legend.type).toBe('scroll');
  });
});
