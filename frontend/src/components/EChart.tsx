import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { useEffect, useMemo, useRef, useState } from 'react';
import { chartTable, fitOption } from '../lib/chart-table';
import { formatNumber } from '../lib/format';
import { useI18n } from '../lib/i18n/i18n';

// Only what the app draws is bundled (tree-shaken), nothing is loaded from outside.
echarts.use([BarChart, LineChart, ScatterChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | ScatterSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

/** What a click on a bar or point reports: its series and its index in the data. */
export interface ChartClick {
  seriesIndex: number;
  dataIndex: number;
}

/** The chart's figures as a table that only assistive technology reads (the canvas says nothing). */
function ChartFigures({ option, label }: { option: ChartOption; label: string }) {
  const { t, language } = useI18n();
  const table = useMemo(() => chartTable(option), [option]);
  if (table.categories.length === 0) return null;
  return (
    // A table is as wide as its content whatever its width says: the box around it is what hides it.
    <div className="visually-hidden">
      <table className="chart-figures">
        <caption>{t('a11y.chartTable', { title: label })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('a11y.category')}</th>
            {table.series.map((s) => (
              <th scope="col" key={s.name}>
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.categories.map((category, i) => (
            <tr key={`${category}-${i}`}>
              <th scope="row">{category}</th>
              {table.series.map((s) => {
                const v = s.values[i];
                return <td key={s.name}>{v === null || v === undefined ? t('common.none') : formatNumber(v, language)}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * An ECharts canvas that follows its container's size, with its figures as a table for screen readers.
 * `label` names the chart; `onItemClick` makes bars and points clickable (drill-down).
 */
export function EChart({ option, label, height = 320, onItemClick }: { option: ChartOption; label: string; height?: number; onItemClick?: (click: ChartClick) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickHandler = useRef(onItemClick);
  const [width, setWidth] = useState<number>();
  useEffect(() => {
    clickHandler.current = onItemClick;
  }, [onItemClick]);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const instance = echarts.init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => {
      const { seriesIndex, dataIndex } = params as { seriesIndex?: number; dataIndex?: number };
      if (seriesIndex !== undefined && dataIndex !== undefined) clickHandler.current?.({ seriesIndex, dataIndex });
    });
    const observer =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(([entry]) => {
            instance.resize();
            // Rounded to steps of 40 px: re-fitting the labels on every pixel would only redraw.
            if (entry) setWidth(Math.floor(entry.contentRect.width / 40) * 40);
          });
    observer?.observe(element);
    return () => {
      observer?.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  const fitted = useMemo(() => fitOption(option, width), [option, width]);
  useEffect(() => {
    chart.current?.setOption(fitted, { notMerge: true });
  }, [fitted]);

  return (
    <>
      <div ref={ref} role="img" aria-label={label} className="echart" style={{ width: '100%', height }} />
      <ChartFigures option={option} label={label} />
    </>
  );
}
