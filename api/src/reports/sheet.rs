//! The report as spreadsheets. Excel: one sheet per table with a frozen, filtered header, real
//! numbers and dates (shown `dd/mm/yyyy`, and with the reader's decimal comma on a Vietnamese
//! system), and a chart of the four classes per agency. CSV: every cell of every table as one
//! record (table, row, column, value), so one file holds them all and any tool can pivot it.

use chrono::Datelike;
use rust_xlsxwriter::{
    Chart, ChartType, Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

use super::model::PeriodicReport;
use super::tables::{Cell, Table};
use crate::error::ApiError;

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> ApiError {
    ApiError::internal(anyhow::anyhow!(e))
}

/// The sheet of the agency table, which carries the chart.
pub const AGENCY_SHEET: &str = "Theo đơn vị";

/// Where each column's numbers begin in the agency sheet: the four classes are its columns 4–7.
const CLASS_COLUMNS: std::ops::RangeInclusive<u16> = 4..=7;

struct Formats {
    title: Format,
    head: Format,
    text: Format,
    int: Format,
    number: Format,
    percent: Format,
    date: Format,
    note: Format,
}

impl Formats {
    fn new() -> Self {
        let cell = || {
            Format::new()
                .set_font_name("Times New Roman")
                .set_font_size(12)
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::Top)
        };
        Formats {
            title: Format::new()
                .set_font_name("Times New Roman")
                .set_font_size(14)
                .set_bold(),
            head: cell()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xE7E6E6)),
            text: cell().set_text_wrap(),
            int: cell().set_num_format("#,##0"),
            number: cell().set_num_format("#,##0.##"),
            percent: cell().set_num_format("0.0"),
            date: cell().set_num_format("dd/mm/yyyy"),
            note: Format::new()
                .set_font_name("Times New Roman")
                .set_font_size(11)
                .set_italic()
                .set_text_wrap(),
        }
    }
}

fn write_cell(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    col: u16,
    cell: &Cell,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    match cell {
        Cell::Text(s) => ws.write_string_with_format(row, col, s, &f.text)?,
        Cell::Int(n) => ws.write_number_with_format(row, col, *n as f64, &f.int)?,
        Cell::Number(x) => ws.write_number_with_format(row, col, *x, &f.number)?,
        Cell::Percent(x) => ws.write_number_with_format(row, col, *x, &f.percent)?,
        Cell::Date(d) => {
            let day = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            ws.write_datetime_with_format(row, col, &day, &f.date)?
        }
        Cell::Empty => ws.write_blank(row, col, &f.text)?,
    };
    Ok(())
}

/// Title in row 1, the header in row 3 (frozen), data from row 4, the note under it.
const HEAD_ROW: u32 = 2;

fn write_table(
    ws: &mut Worksheet,
    f: &Formats,
    t: &Table,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    ws.set_name(t.sheet)?;
    ws.write_string_with_format(0, 0, t.title, &f.title)?;
    for (j, c) in t.columns.iter().enumerate() {
        ws.write_string_with_format(HEAD_ROW, j as u16, c.header, &f.head)?;
        ws.set_column_width(j as u16, f64::from(c.width).clamp(8.0, 60.0))?;
    }
    ws.set_row_height(HEAD_ROW, 45)?;
    for (i, row) in t.rows.iter().enumerate() {
        for (j, cell) in row.iter().enumerate() {
            write_cell(ws, f, HEAD_ROW + 1 + i as u32, j as u16, cell)?;
        }
    }
    let last = HEAD_ROW + t.rows.len() as u32;
    if !t.rows.is_empty() {
        ws.autofilter(HEAD_ROW, 0, last, t.columns.len() as u16 - 1)?;
    }
    if let Some(note) = &t.note {
        ws.merge_range(
            last + 2,
            0,
            last + 2,
            t.columns.len() as u16 - 1,
            note,
            &f.note,
        )?;
        ws.set_row_height(last + 2, 60)?;
    }
    ws.set_freeze_panes(HEAD_ROW + 1, 0)?;
    Ok(())
}

/// A stacked column chart of the four classes per agency, on the agency sheet.
fn class_chart(ws: &mut Worksheet, t: &Table) -> Result<(), rust_xlsxwriter::XlsxError> {
    if t.rows.is_empty() {
        return Ok(());
    }
    let first = HEAD_ROW + 1;
    let last = HEAD_ROW + t.rows.len() as u32;
    let colours = [0x389E0D, 0xD4B106, 0x1677FF, 0xCF1322];
    let mut chart = Chart::new(ChartType::ColumnStacked);
    for (col, colour) in CLASS_COLUMNS.zip(colours) {
        chart
            .add_series()
            .set_name((t.sheet, HEAD_ROW, col))
            .set_categories((t.sheet, first, 2, last, 2))
            .set_values((t.sheet, first, col, last, col))
            .set_format(rust_xlsxwriter::ChartFormat::new().set_solid_fill(
                rust_xlsxwriter::ChartSolidFill::new().set_color(Color::RGB(colour)),
            ));
    }
    chart
        .title()
        .set_name("Nhiệm vụ đến hạn trong kỳ theo đơn vị");
    chart.y_axis().set_name("Số nhiệm vụ");
    chart.set_width(900).set_height(420);
    ws.insert_chart(last + 4, 0, &chart)?;
    Ok(())
}

pub fn xlsx(report: &PeriodicReport, tables: &[Table]) -> Result<Vec<u8>, ApiError> {
    workbook(
        tables,
        &format!(
            "Báo cáo tình hình thực hiện nghị quyết {} — {}",
            report.span.label_vi(),
            report.agency_name
        ),
        &report.agency_name,
    )
}

/// A workbook of one sheet per table (the agency table with its chart), titled `title`.
pub fn workbook(tables: &[Table], title: &str, company: &str) -> Result<Vec<u8>, ApiError> {
    let f = Formats::new();
    let mut book = Workbook::new();
    for t in tables {
        let ws = book.add_worksheet();
        write_table(ws, &f, t).map_err(xlsx_error)?;
        if t.sheet == AGENCY_SHEET {
            class_chart(ws, t).map_err(xlsx_error)?;
        }
    }
    let props = rust_xlsxwriter::DocProperties::new()
        .set_title(title)
        .set_company(company);
    book.set_properties(&props);
    book.save_to_buffer().map_err(xlsx_error)
}

/// One table as a plain CSV file (header and rows), with a UTF-8 byte-order mark for Excel and
/// every cell neutralised against formulas.
pub fn table_csv(t: &Table) -> Result<Vec<u8>, ApiError> {
    let mut w = crate::imports::exports::SafeCsv::default();
    w.record(t.columns.iter().map(|c| c.header))?;
    for row in &t.rows {
        w.record(row.iter().map(Cell::text))?;
    }
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(w.into_bytes()?);
    Ok(bytes)
}

/// Every cell as (table, row, column, value), with a UTF-8 byte-order mark for Excel; values are
/// written as a Vietnamese reader reads them and neutralised against formulas.
pub fn csv(tables: &[Table]) -> Result<Vec<u8>, ApiError> {
    let mut w = crate::imports::exports::SafeCsv::default();
    w.record(["Bảng", "Dòng", "Cột", "Giá trị"])?;
    for t in tables {
        for (i, row) in t.rows.iter().enumerate() {
            let n = (i + 1).to_string();
            for (c, cell) in t.columns.iter().zip(row) {
                if *cell != Cell::Empty {
                    w.record([t.title, n.as_str(), c.header, &cell.text()])?;
                }
            }
        }
    }
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(w.into_bytes()?);
    Ok(bytes)
}
