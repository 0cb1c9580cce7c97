//! Excel workbooks (`.xlsx`), as offices keep their lists: an import reads the first worksheet like
//! a CSV file (header in row 1, rows numbered as Excel shows them), and an export writes one sheet
//! with a frozen, bold header and real numbers and dates (shown `dd/mm/yyyy`), so a file exported
//! here imports back unchanged. Reading uses `calamine`, writing `rust_xlsxwriter`.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatBorder, Workbook};

use super::rows::{FileError, Row, RowIter, MAX_COLUMNS};

/// The media type of an `.xlsx` workbook.
pub const MEDIA_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A workbook is a zip archive: its parts may not unpack to more than this (a small file that
/// unpacks to gigabytes is refused before it is read).
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;

/// Columns written as numbers (every other column is text: codes such as `0101` keep their zeros).
const NUMBER_COLUMNS: &[&str] = &["value", "weight", "baseline_value", "target_value", "share"];
/// Columns written as dates.
const DATE_COLUMNS: &[&str] = &[
    "start_date",
    "due_date",
    "issued_on",
    "effective_on",
    "established_on",
];

fn file_error(code: &'static str, message: impl Into<String>) -> FileError {
    FileError {
        row: 1,
        field: String::new(),
        code,
        message: message.into(),
    }
}

/// Refuses an archive whose parts would unpack past `limit`, from the sizes its directory
/// declares (the zip reader also stops at a part that unpacks past its declared size).
pub fn check_unpacked_size(bytes: &[u8], limit: u64) -> Result<(), FileError> {
    let not_xlsx = |e: &dyn std::fmt::Display| {
        file_error(
            "malformed",
            format!("the file is not an Excel workbook (.xlsx): {e}"),
        )
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| not_xlsx(&e))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let part = archive.by_index_raw(i).map_err(|e| not_xlsx(&e))?;
        total = total.saturating_add(part.size());
        if total > limit {
            return Err(file_error(
                "too_large",
                format!(
                    "the workbook unpacks to more than {} MB; split it",
                    limit / (1024 * 1024)
                ),
            ));
        }
    }
    Ok(())
}

/// A cell as the import reads it: text as written; whole numbers without a decimal point;
/// dates as `YYYY-MM-DD`; an empty cell as nothing.
fn cell_text(cell: &Data) -> Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                f.to_string()
            }
        }
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => match d.as_datetime() {
            Some(dt) if dt.time() == chrono::NaiveTime::MIN => dt.date().to_string(),
            Some(dt) => dt.format("%Y-%m-%dT%H:%M:%S").to_string(),
            None => return Err("a date Excel cannot place in the calendar".into()),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(format!("the cell holds the Excel error {e}")),
    })
}

/// The first worksheet's header and rows. Blank rows are skipped; row numbers are Excel's.
pub fn rows(bytes: &[u8]) -> Result<(Vec<String>, RowIter<'static>), FileError> {
    check_unpacked_size(bytes, MAX_UNPACKED_BYTES)?;
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        file_error(
            "malformed",
            format!("the file is not an Excel workbook (.xlsx): {e}"),
        )
    })?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| file_error("malformed", "the workbook has no worksheet"))?
        .map_err(|e| file_error("malformed", format!("cannot read the first worksheet: {e}")))?;
    let (first_row, _) = range.start().unwrap_or((0, 0));
    let mut lines = range.rows().enumerate();
    let Some((_, head)) = lines.next() else {
        return Err(file_error("malformed", "the first worksheet is empty"));
    };
    if head.len() > MAX_COLUMNS {
        return Err(file_error(
            "too_many_columns",
            format!("more than {MAX_COLUMNS} columns; no import has that many"),
        ));
    }
    let header_row = first_row as usize + 1;
    let mut header = Vec::with_capacity(head.len());
    for cell in head {
        let text = cell_text(cell).map_err(|m| FileError {
            row: header_row,
            field: String::new(),
            code: "malformed",
            message: m,
        })?;
        header.push(text.trim().to_string());
    }
    // Trailing empty header cells (formatting Excel keeps) are no columns.
    while header.last().is_some_and(|h| h.is_empty()) {
        header.pop();
    }
    let mut out: Vec<Result<Row, FileError>> = Vec::new();
    for (i, cells) in lines {
        let number = header_row + i;
        if cells.iter().all(|c| matches!(c, Data::Empty)) {
            continue;
        }
        let mut row = std::collections::HashMap::new();
        let mut failed = None;
        for (j, cell) in cells.iter().enumerate() {
            let Some(column) = header.get(j) else {
                if !matches!(cell, Data::Empty) {
                    failed = Some(FileError {
                        row: number,
                        field: String::new(),
                        code: "malformed",
                        message: format!("a value in column {} has no header", j + 1),
                    });
                }
                continue;
            };
            match cell_text(cell) {
                Ok(text) => {
                    row.insert(column.clone(), text);
                }
                Err(message) => {
                    failed = Some(FileError {
                        row: number,
                        field: column.clone(),
                        code: "malformed",
                        message,
                    });
                    break;
                }
            }
        }
        out.push(match failed {
            Some(e) => Err(e),
            None => Ok(Row { number, cells: row }),
        });
    }
    Ok((header, Box::new(out.into_iter())))
}

/// One sheet named `sheet` with `columns` as a frozen header and `data` below, numbers and dates
/// typed (see [`NUMBER_COLUMNS`], [`DATE_COLUMNS`]).
pub fn write(
    sheet: &str,
    columns: &[&str],
    data: &[Vec<String>],
) -> Result<Vec<u8>, anyhow::Error> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet)?;
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDE6F0))
        .set_border_bottom(FormatBorder::Thin);
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (j, name) in columns.iter().enumerate() {
        ws.write_string_with_format(0, j as u16, *name, &head)?;
    }
    for (i, row) in data.iter().enumerate() {
        let r = (i + 1) as u32;
        for (j, value) in row.iter().enumerate() {
            let c = j as u16;
            let column = columns.get(j).copied().unwrap_or("");
            if value.is_empty() {
                continue;
            }
            if NUMBER_COLUMNS.contains(&column) {
                if let Ok(n) = value.parse::<f64>() {
                    ws.write_number(r, c, n)?;
                    continue;
                }
            }
            if DATE_COLUMNS.contains(&column) {
                if let Ok(d) = value.parse::<NaiveDate>() {
                    use chrono::Datelike;
                    let day =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    ws.write_datetime_with_format(r, c, &day, &date)?;
                    continue;
                }
            }
            ws.write_string(r, c, value)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(
        0,
        0,
        data.len() as u32,
        columns.len().saturating_sub(1) as u16,
    )?;
    ws.autofit();
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_reads_back_as_it_was() {
        let columns = ["code", "due_date", "weight", "value", "note"];
        let data = vec![
            vec![
                "0101".to_string(),
                "2026-12-31".to_string(),
                "1".to_string(),
                "12.5".to_string(),
                "=1+1 không phải công thức".to_string(),
            ],
            vec![
                "CT-57-01".to_string(),
                String::new(),
                "0.25".to_string(),
                "-3".to_string(),
                "Hà Nội".to_string(),
            ],
        ];
        let bytes = write("tasks", &columns, &data).unwrap();
        let (header, rows) = rows(&bytes).unwrap();
        assert_eq!(header, columns);
        let rows: Vec<Row> = rows.map(|r| r.unwrap()).collect();
        assert_eq!(rows[0].number, 2);
        for (row, want) in rows.iter().zip(&data) {
            for (c, v) in columns.iter().zip(want) {
                assert_eq!(row.get(c).unwrap_or(""), v, "{c}");
            }
        }
    }

    #[test]
    fn not_a_workbook_is_one_error() {
        let e = rows(b"code,name\nA,B\n").err().unwrap();
        assert_eq!((e.row, e.code), (1, "malformed"));
    }

    #[test]
    fn a_workbook_that_unpacks_past_the_limit_is_refused() {
        let big: Vec<Vec<String>> = (0..2000).map(|i| vec![format!("{i:0>200}")]).collect();
        let bytes = write("x", &["code"], &big).unwrap();
        assert!(check_unpacked_size(&bytes, MAX_UNPACKED_BYTES).is_ok());
        let e = check_unpacked_size(&bytes, 100_000).err().unwrap();
        assert_eq!(e.code, "too_large");
    }
}
