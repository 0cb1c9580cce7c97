/** Vietnamese strings of accessibility and the phone layout: skip link, menu drawer, chart tables, progress bars. */
export const viA11y = {
  'a11y.skipToMain': 'Bỏ qua đến nội dung chính',
  'a11y.openMenu': 'Mở danh mục chức năng',
  'a11y.closeMenu': 'Đóng danh mục chức năng',
  'a11y.chartTable': 'Số liệu của biểu đồ “{title}”',
  'a11y.progressOf': 'Tiến độ của {name}: {value}',
  'a11y.category': 'Mục',
};
