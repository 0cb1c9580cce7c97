/** Vietnamese strings of the sector view (a ministry over its sector line). */
export const viSector = {
  'nav.sector': 'Theo dõi ngành',
  'sector.title': 'Theo dõi ngành',
  'sector.subtitle': 'Chỉ tiêu do {agency} chủ trì, các đơn vị trong ngành dọc báo cáo: so sánh giữa các tỉnh, thành phố.',
  'sector.indicator': 'Chỉ tiêu',
  'sector.noIndicators': 'Đơn vị chưa chủ trì chỉ tiêu nào.',
  'sector.noProvinces': 'Chưa có tỉnh, thành phố nào báo cáo chỉ tiêu này.',
  'sector.period': 'Kỳ so sánh: {period}',
  'sector.nothingYet': 'Chưa có số liệu được phê duyệt.',
  'sector.rank': 'Hạng',
  'sector.province': 'Tỉnh, thành phố',
  'sector.value': 'Giá trị',
  'sector.target': 'Mục tiêu',
  'sector.achievement': 'Mức đạt',
  'sector.reported': 'Đã báo cáo',
  'sector.reportedOf': '{reported}/{expected} đơn vị',
  'sector.method':
    'Giá trị của mỗi tỉnh tổng hợp các số liệu đã được phê duyệt của các đơn vị trong tỉnh báo cáo chỉ tiêu, theo cách tổng hợp của chỉ tiêu; xếp hạng theo chiều tốt của chỉ tiêu, tỉnh chưa có số liệu xếp sau.',
} as const;
