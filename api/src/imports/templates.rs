//! Import templates as Excel workbooks: the first sheet is the one to fill in (its header is the
//! kind's columns, so the filled file imports as it is), the second, "Hướng dẫn", says for each
//! column whether it is required, what it means and gives an example.

use actix_web::{get, web, HttpResponse};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook};

use super::ImportKind;
use crate::auth::Caller;
use crate::error::ApiError;

/// What a column holds and an example of it, in Vietnamese (the offices' language).
fn meaning(kind: ImportKind, column: &str) -> (&'static str, &'static str) {
    use ImportKind::*;
    match (kind, column) {
        (Agencies, "code") => ("Mã đơn vị, duy nhất (chữ, số, . _ / -)", "HN-BADINH"),
        (Agencies, "name") => ("Tên đơn vị", "Phường Ba Đình"),
        (Agencies, "kind") => (
            "Loại: central, ministry, province, commune, department hoặc other",
            "commune",
        ),
        (Agencies, "parent_code") => ("Mã đơn vị cấp trên (trống: đơn vị gốc)", "HN"),
        (Agencies, "official_code") => ("Mã đơn vị hành chính do Nhà nước ban hành", "00004"),
        (Agencies, "established_on") => ("Ngày thành lập (ô kiểu ngày, hoặc văn bản yyyy-mm-dd)", "01/07/2025"),
        (Agencies, "sector_ministry_code") => ("Mã bộ hoặc sở đứng đầu ngành dọc của đơn vị (trống: giữ nguyên)", "BYT"),
        (Tasks, "resolution_code") => ("Số hiệu nghị quyết", "57-NQ/TW"),
        (Tasks, "code") => ("Mã nhiệm vụ, duy nhất", "57-NQ/TW.1.2"),
        (Tasks, "parent_code") => ("Mã nhiệm vụ cha (trống: nhiệm vụ cấp cao nhất)", "57-NQ/TW.1"),
        (Tasks, "title") => ("Tên nhiệm vụ", "Số hóa hồ sơ thủ tục hành chính"),
        (Tasks, "description") => ("Mô tả", "Hoàn thành trước quý IV"),
        (Tasks, "lead_agency_code") => ("Mã đơn vị chủ trì", "HN"),
        (Tasks, "coordinating_agency_codes") => (
            "Mã các đơn vị phối hợp, cách nhau bằng dấu ;",
            "HN-BADINH;HN-HOANKIEM",
        ),
        (Tasks, "start_date") => ("Ngày bắt đầu (ô kiểu ngày, hoặc văn bản yyyy-mm-dd)", "01/01/2026"),
        (Tasks, "due_date") => ("Thời hạn hoàn thành, không sau hạn của nhiệm vụ cha (ô kiểu ngày)", "31/12/2026"),
        (Tasks, "weight") => ("Trọng số trong tiến độ của nhiệm vụ cha (mặc định 1)", "1"),
        (Tasks, "status") => (
            "Trạng thái: not_started, in_progress, paused (hoàn thành, hủy do đơn vị giao quyết định)",
            "in_progress",
        ),
        (Indicators, "code") => ("Mã chỉ tiêu, duy nhất", "CT-57-01"),
        (Indicators, "name") => ("Tên chỉ tiêu", "Tỷ lệ hồ sơ được số hóa"),
        (Indicators, "group") => (
            "Nhóm: input, output, outcome, impact hoặc process",
            "output",
        ),
        (Indicators, "unit") => ("Đơn vị tính", "%"),
        (Indicators, "value_type") => ("Kiểu giá trị: number, percent, count hoặc boolean", "percent"),
        (Indicators, "direction") => ("Chiều tốt: increase, decrease hoặc target", "increase"),
        (Indicators, "aggregation") => ("Cách tổng hợp: sum, average, min, max hoặc last", "average"),
        (Indicators, "frequency") => ("Kỳ báo cáo: monthly, quarterly, half_yearly hoặc yearly", "quarterly"),
        (Indicators, "owner_agency_code") => ("Mã đơn vị quản lý chỉ tiêu", "BKHCN"),
        (Indicators, "source_agency_code") => ("Mã đơn vị duy nhất cung cấp số liệu (nếu có)", "TCTK"),
        (Indicators, "reporting_agency_kind") => ("Loại đơn vị báo cáo", "province"),
        (Indicators, "reporting_agency_codes") => (
            "Hoặc mã các đơn vị báo cáo, cách nhau bằng dấu ;",
            "HN;HCM",
        ),
        (Indicators, "task_code") => ("Mã nhiệm vụ gắn với chỉ tiêu", "57-NQ/TW.1"),
        (Indicators, "baseline_value") => ("Giá trị cơ sở", "35,5"),
        (Indicators, "baseline_period") => ("Kỳ của giá trị cơ sở", "2024"),
        (Indicators, "target_value") => ("Giá trị mục tiêu", "80"),
        (Indicators, "target_period") => ("Kỳ mục tiêu", "2030"),
        (Indicators, "formula") => ("Công thức chỉ tiêu tổng hợp (mã trong ngoặc nhọn)", "0.5*{CT-57-01}+0.5*{CT-57-02}"),
        (Indicators, "definition") => ("Khái niệm", "Hồ sơ đã chuyển sang dạng số"),
        (Indicators, "data_source") => ("Nguồn số liệu", "Hệ thống một cửa điện tử"),
        (Indicators, "method") => ("Phương pháp tính", "Số hồ sơ số hóa / tổng số hồ sơ × 100"),
        (Indicators, "verification") => ("Cách kiểm chứng", "Đối chiếu báo cáo quý"),
        (IndicatorValues, "indicator_code") => ("Mã chỉ tiêu", "CT-57-01"),
        (IndicatorValues, "agency_code") => ("Mã đơn vị báo cáo (đơn vị của bạn hoặc cấp dưới)", "HN-BADINH"),
        (IndicatorValues, "period") => ("Kỳ: 2026, 2026-H1, 2026-Q3 hoặc 2026-09", "2026-Q3"),
        (IndicatorValues, "value") => ("Số liệu (ô kiểu số)", "72,5"),
        (IndicatorValues, "note") => ("Ghi chú", "Số liệu sơ bộ"),
        (IndicatorValues, "evidence_url") => ("Đường dẫn tài liệu kiểm chứng", "https://…"),
        (Reorganisation, "action") => ("Việc: merge, move, dissolve hoặc split", "merge"),
        (Reorganisation, "agency_code") => ("Mã đơn vị được sắp xếp", "HG"),
        (Reorganisation, "target_code") => ("Mã đơn vị tiếp nhận / cấp trên mới", "TQ"),
        (Reorganisation, "share") => ("Tỷ lệ khi chia tách (các dòng của một đơn vị cộng bằng 1)", "0,4"),
        (Reorganisation, "effective_on") => ("Ngày có hiệu lực (ô kiểu ngày, không sau hôm nay)", "01/07/2025"),
        _ => ("", ""),
    }
}

/// The template of `kind`.
pub fn workbook(kind: ImportKind) -> Result<Vec<u8>, anyhow::Error> {
    let mut book = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDE6F0))
        .set_border_bottom(FormatBorder::Thin);
    let data = book.add_worksheet();
    data.set_name(kind.as_str())?;
    for (j, column) in kind.columns().iter().enumerate() {
        data.write_string_with_format(0, j as u16, *column, &head)?;
        data.set_column_width(j as u16, 18)?;
    }
    data.set_freeze_panes(1, 0)?;
    let guide = book.add_worksheet();
    guide.set_name("Hướng dẫn")?;
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (j, title) in ["Cột", "Bắt buộc", "Ý nghĩa", "Ví dụ"].iter().enumerate() {
        guide.write_string_with_format(0, j as u16, *title, &head)?;
    }
    for (i, column) in kind.columns().iter().enumerate() {
        let r = (i + 1) as u32;
        let (what, example) = meaning(kind, column);
        let required = if kind.required().contains(column) {
            "Có"
        } else {
            "Không"
        };
        guide.write_string_with_format(r, 0, *column, &wrap)?;
        guide.write_string_with_format(r, 1, required, &wrap)?;
        guide.write_string_with_format(r, 2, what, &wrap)?;
        guide.write_string_with_format(r, 3, example, &wrap)?;
    }
    let note = kind.columns().len() as u32 + 2;
    guide.write_string(
        note,
        0,
        "Điền từ dòng 2 của trang đầu; mỗi dòng một đối tượng. Tệp được kiểm tra toàn bộ: \
         có dòng lỗi thì không ghi dòng nào, và lỗi chỉ rõ dòng, cột.",
    )?;
    guide.set_column_width(0, 26)?;
    guide.set_column_width(1, 10)?;
    guide.set_column_width(2, 60)?;
    guide.set_column_width(3, 30)?;
    guide.set_freeze_panes(1, 0)?;
    Ok(book.save_to_buffer()?)
}

/// The Excel template of an import kind: a sheet to fill in with the kind's columns, and a guide
/// to each column (required or not, meaning, example), in Vietnamese.
#[utoipa::path(
    operation_id = "get_import_template",
    tag = "imports",
    params(("kind" = super::ImportKind, Path, description = "What the template imports")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "An Excel workbook", content(
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/import-templates/{kind}")]
pub async fn import_template(
    _caller: Caller,
    kind: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let kind = ImportKind::parse(&kind).ok_or_else(|| ApiError::not_found("import kind"))?;
    let bytes = workbook(kind).map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type(super::xlsx::MEDIA_TYPE)
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"mau-{}.xlsx\"", kind.as_str()),
        ))
        .body(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_of_every_kind_is_explained() {
        for kind in [
            ImportKind::Agencies,
            ImportKind::Tasks,
            ImportKind::Indicators,
            ImportKind::IndicatorValues,
            ImportKind::Reorganisation,
        ] {
            for column in kind.columns() {
                let (what, example) = meaning(kind, column);
                assert!(!what.is_empty() && !example.is_empty(), "{kind:?}.{column}");
            }
        }
    }
}
