/**
 * The figures of an ECharts option as a table (WCAG 1.1.1: a chart drawn on a canvas says nothing to a
 * screen reader): one row per category of the category axis, one column per series. Plain data, so it is
 * testable without a canvas.
 */
export interface ChartTable {
  categories: string[];
  series: { name: string; values: (number | null)[] }[];
}

interface AxisLike {
  type?: string;
  data?: unknown[];
}
interface SeriesLike {
  name?: unknown;
  data?: unknown[];
}
interface OptionLike {
  xAxis?: AxisLike | AxisLike[];
  yAxis?: AxisLike | AxisLike[];
  series?: SeriesLike | SeriesLike[];
}

const first = <T,>(v: T | T[] | undefined): T | undefined => (Array.isArray(v) ? v[0] : v);
const asList = <T,>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

const label = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : v && typeof v === 'object' && 'value' in v ? label((v).value) : '';

const figure = (v: unknown): number | null => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (v && typeof v === 'object' && 'value' in v) return figure((v).value);
  return null;
};

export function chartTable(option: unknown): ChartTable {
  const o = (option ?? {}) as OptionLike;
  const x = first(o.xAxis);
  const y = first(o.yAxis);
  const axis = x?.type === 'category' ? x : y?.type === 'category' ? y : undefined;
  const categories = (axis?.data ?? []).map(label);
  const series = asList(o.series).map((s, i) => ({
    name: typeof s.name === 'string' ? s.name : String(i + 1),
    values: categories.map((_, j) => figure(s.data?.[j])),
  }));
  return { categories, series };
}

/**
 * On a narrow container, category labels told to break at a fixed width (`axisLabel.width`) get the room
 * they really have, so neighbours do not overlap, and a legend scrolls instead of wrapping over the plot.
 */
export function fitOption<T>(option: T, width: number | undefined): T {
  if (!width || width >= 560) return option;
  const o = option as OptionLike & { legend?: object };
  const fit = (axis: AxisLike & { axisLabel?: { width?: number } }) => {
    if (axis.type !== 'category' || !axis.axisLabel?.width || !axis.data?.length) return axis;
    const room = Math.floor((width - 56) / axis.data.length) - 4;
    return room < axis.axisLabel.width ? { ...axis, axisLabel: { ...axis.axisLabel, width: Math.max(room, 24), hideOverlap: true } } : axis;
  };
  const xAxis = Array.isArray(o.xAxis) ? o.xAxis.map(fit) : o.xAxis ? fit(o.xAxis) : undefined;
  return {
    ...option,
    ...(xAxis ? { xAxis } : {}),
    ...(o.legend ? { legend: { ...o.legend, type: 'scroll' } } : {}),
  };
}
