import type { SeriesMap } from '../api/models';

export type { SeriesMap };

/** The two maps a series (an indicator's, the overview's trend) is shown on, in the switch's order. */
export const SERIES_MAPS = ['today', 'recorded'] as const satisfies readonly SeriesMap[];

/** `?map=` of the address: `today` or `recorded` (the server's default, also for anything else). */
export function parseSeriesMap(value: string | null | undefined): SeriesMap {
  return value === 'today' ? 'today' : 'recorded';
}
