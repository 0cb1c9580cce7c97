/** Vietnamese strings of accessibility and the phone layout: skip link, menu button, chart tables, card lists. */
export const viA11y = {
  'a11y.skipToMain': 'Bỏ qua đến nội dung chính',
  'a11y.openMenu': 'Mở danh mục chức năng',
  'a11y.closeMenu': 'Đóng danh mục chức năng',
  'a11y.chartAsTable': 'Xem dạng bảng',
  'a11y.chartAsChart': 'Xem dạng biểu đồ',
  'a11y.chartTable': 'Số liệu của biểu đồ “{title}”',
  'a11y.progress': 'Tiến độ {value} %',
  'a11y.progressOf': 'Tiến độ của {name}: {value} %',
  'a11y.expandRow': 'Mở rộng',
  'a11y.collapseRow': 'Thu gọn',
  'a11y.heatmapScroll': 'Bản đồ nhiệt (cuộn ngang để xem thêm)',
  'a11y.series': 'Dãy số',
  'a11y.category': 'Mục',
};
