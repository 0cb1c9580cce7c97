import type { viSector } from './vi-sector';

/** English strings of the sector view. */
export const enSector: Record<keyof typeof viSector, string> = {
  'nav.sector': 'Sector view',
  'sector.title': 'Sector view',
  'sector.subtitle': 'Indicators owned by {agency} and reported by its sector line: the provinces compared.',
  'sector.indicator': 'Indicator',
  'sector.noIndicators': 'Your agency owns no indicator yet.',
  'sector.noProvinces': 'No province reports this indicator yet.',
  'sector.period': 'Period compared: {period}',
  'sector.nothingYet': 'No approved figure yet.',
  'sector.rank': 'Rank',
  'sector.province': 'Province',
  'sector.value': 'Value',
  'sector.target': 'Target',
  'sector.achievement': 'Achievement',
  'sector.reported': 'Reported',
  'sector.reportedOf': '{reported} of {expected} agencies',
  'sector.method':
    "Each province's value combines the approved figures of its reporting agencies by the indicator's aggregation; provinces are ranked in the indicator's direction, those without a figure last.",
};
