//! Reading an import file: CSV (UTF-8, header row, BOM tolerated), an Excel workbook (its first
//! worksheet, see `xlsx`) or a JSON array of objects with the same keys. Rows are numbered as a
//! spreadsheet user sees them: the header is row 1, so the first data row is row 2; in JSON the
//! first object is row 1.

use std::collections::HashMap;

/// One data row: its number and its cells by column.
#[derive(Debug, Clone)]
pub struct Row {
    pub number: usize,
    pub cells: HashMap<String, String>,
}

impl Row {
    /// The trimmed cell, None when absent or empty.
    pub fn get(&self, column: &str) -> Option<&str> {
        self.cells
            .get(column)
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
    }
}

#[derive(Debug)]
pub struct FileError {
    pub row: usize,
    pub field: String,
    pub code: &'static str,
    pub message: String,
}

/// Undoes the export's protection against formula injection: a leading `'` before `= + - @`.
fn unprotect(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
        _ => cell.to_string(),
    }
}

/// No import kind has more columns than this; a wider header is refused at once, before any
/// row is read (a file of 100,000 columns costs one error, not 100,000).
pub const MAX_COLUMNS: usize = 64;
/// Longer column names are cut in messages.
const MAX_NAME_SHOWN: usize = 64;

fn shown(name: &str) -> String {
    if name.chars().count() <= MAX_NAME_SHOWN {
        name.to_string()
    } else {
        let cut: String = name.chars().take(MAX_NAME_SHOWN).collect();
        format!("{cut}…")
    }
}

fn too_many_columns(row: usize) -> FileError {
    FileError {
        row,
        field: String::new(),
        code: "too_many_columns",
        message: format!("more than {MAX_COLUMNS} columns; no import has that many"),
    }
}

/// Checks the header against the kind's columns: unknown columns and missing required ones are
/// errors of row 1.
pub fn check_header(header: &[String], allowed: &[&str], required: &[&str]) -> Vec<FileError> {
    let mut errors = Vec::new();
    if header.len() > MAX_COLUMNS {
        return vec![too_many_columns(1)];
    }
    for column in header {
        if !allowed.contains(&column.as_str()) {
            errors.push(FileError {
                row: 1,
                field: shown(column),
                code: "unknown_column",
                message: format!(
                    "unknown column {:?}; the columns are {}",
                    shown(column),
                    allowed.join(",")
                ),
            });
        }
    }
    for column in required {
        if !header.iter().any(|h| h == column) {
            errors.push(FileError {
                row: 1,
                field: column.to_string(),
                code: "missing_column",
                message: format!("the required column {column} is missing"),
            });
        }
    }
    let mut seen = std::collections::HashSet::new();
    for column in header {
        if !seen.insert(column) {
            errors.push(FileError {
                row: 1,
                field: shown(column),
                code: "duplicate_column",
                message: format!("the column {} appears twice", shown(column)),
            });
        }
    }
    errors
}

/// The kinds of file an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Json,
    Xlsx,
}

impl FileFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            FileFormat::Csv => "csv",
            FileFormat::Json => "json",
            FileFormat::Xlsx => "xlsx",
        }
    }
}

/// Rows read one at a time.
pub type RowIter<'a> = Box<dyn Iterator<Item = Result<Row, FileError>> + 'a>;

/// The rows, up to `max`: a row past it is an error naming it, and the file ends there (any
/// error refuses the whole file, so nothing of a file too long is written).
pub fn capped(rows: RowIter<'_>, max: usize) -> RowIter<'_> {
    Box::new(
        rows.enumerate()
            .map_while(move |(index, row)| match index.cmp(&max) {
                std::cmp::Ordering::Less => Some(row),
                std::cmp::Ordering::Equal => Some(Err(FileError {
                    row: match &row {
                        Ok(r) => r.number,
                        Err(e) => e.row,
                    },
                    field: String::new(),
                    code: "too_many_rows",
                    message: format!("a file holds at most {max} rows: split it into several"),
                })),
                std::cmp::Ordering::Greater => None,
            }),
    )
}

/// Opens an import file: reads and checks its header (no row is checked yet, nothing touches the
/// database), then yields its rows one at a time. A file whose header is wrong yields its errors.
pub fn open<'a>(
    body: &'a [u8],
    format: FileFormat,
    allowed: &[&str],
    required: &[&str],
) -> Result<RowIter<'a>, Vec<FileError>> {
    let (header, rows) = match format {
        FileFormat::Json => json_rows(body).map_err(|e| vec![e])?,
        FileFormat::Csv => csv_rows(body).map_err(|e| vec![e])?,
        FileFormat::Xlsx => super::xlsx::rows(body).map_err(|e| vec![e])?,
    };
    // JSON objects may leave out optional columns, so only CSV and Excel need every required one.
    let json = format == FileFormat::Json;
    let errors = check_header(&header, allowed, if json { &[] } else { required });
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// Parses CSV bytes into a header and an iterator of rows (read one at a time).
pub fn csv_rows(bytes: &[u8]) -> Result<(Vec<String>, RowIter<'_>), FileError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if std::str::from_utf8(body).is_err() {
        let valid = std::str::from_utf8(body)
            .err()
            .map(|e| e.valid_up_to())
            .unwrap_or(0);
        let row = body[..valid].iter().filter(|b| **b == b'\n').count() + 1;
        return Err(FileError {
            row,
            field: String::new(),
            code: "encoding",
            message: "the file is not valid UTF-8; save it as CSV UTF-8".into(),
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::None)
        .from_reader(body);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| FileError {
            row: 1,
            field: String::new(),
            code: "malformed",
            message: format!("cannot read the header: {e}"),
        })?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if header.len() > MAX_COLUMNS {
        return Err(too_many_columns(1));
    }
    let columns = header.clone();
    let iter = reader.into_records().enumerate().map(move |(i, record)| {
        let number = i + 2;
        let record = record.map_err(|e| FileError {
            row: number,
            field: String::new(),
            code: "malformed",
            message: format!("cannot read the row: {e}"),
        })?;
        Ok(Row {
            number,
            cells: columns
                .iter()
                .cloned()
                .zip(record.iter().map(unprotect))
                .collect(),
        })
    });
    Ok((header, Box::new(iter)))
}

/// The keys of one JSON object, refused past [`MAX_COLUMNS`] without reading further.
struct Keys(Vec<String>);

impl<'de> serde::Deserialize<'de> for Keys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Keys;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if keys.len() == MAX_COLUMNS {
                        return Err(serde::de::Error::custom(format!(
                            "more than {MAX_COLUMNS} keys"
                        )));
                    }
                    map.next_value::<serde::de::IgnoredAny>()?;
                    keys.push(key);
                }
                Ok(Keys(keys))
            }
        }
        d.deserialize_map(Visitor)
    }
}

/// Parses a JSON array of objects; values may be strings, numbers, booleans or null. The array is
/// split into its elements without copying them; a first pass reads only the keys (the header is
/// their union, at most [`MAX_COLUMNS`]), and each object is read into a row when its turn comes.
pub fn json_rows(bytes: &[u8]) -> Result<(Vec<String>, RowIter<'_>), FileError> {
    let malformed = |row: usize, e: &dyn std::fmt::Display| FileError {
        row,
        field: String::new(),
        code: "malformed",
        message: format!("the body must be a JSON array of objects: {e}"),
    };
    let items: Vec<&serde_json::value::RawValue> =
        serde_json::from_slice(bytes).map_err(|e| malformed(1, &e))?;
    let mut header: Vec<String> = Vec::new();
    let mut known = std::collections::HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let Keys(keys) = serde_json::from_str(item.get()).map_err(|e| {
            if e.to_string()
                .starts_with(&format!("more than {MAX_COLUMNS} keys"))
            {
                too_many_columns(i + 1)
            } else {
                malformed(i + 1, &e)
            }
        })?;
        for key in keys {
            if known.insert(key.clone()) {
                header.push(key);
                if header.len() > MAX_COLUMNS {
                    return Err(too_many_columns(i + 1));
                }
            }
        }
    }
    let iter = items.into_iter().enumerate().map(move |(i, item)| {
        let number = i + 1;
        let object: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(item.get()).map_err(|e| malformed(number, &e))?;
        let cells = object
            .into_iter()
            .map(|(key, value)| {
                let text = match value {
                    serde_json::Value::Null => String::new(),
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                };
                (key, text)
            })
            .collect();
        Ok(Row { number, cells })
    });
    Ok((header, Box::new(iter)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_ends_with_an_error_at_the_first_row_past_the_cap() {
        let data = "code\nA\nB\nC\n".as_bytes();
        let (_, rows) = csv_rows(data).unwrap();
        let out: Vec<_> = capped(rows, 2).collect();
        assert_eq!(out.len(), 3);
        assert!(out[0].is_ok() && out[1].is_ok());
        let err = out[2].as_ref().unwrap_err();
        assert_eq!((err.row, err.code), (4, "too_many_rows"));
        let (_, rows) = csv_rows(data).unwrap();
        assert!(capped(rows, 3).all(|r| r.is_ok()));
    }

    #[test]
    fn csv_with_bom_and_quotes() {
        let data = "\u{feff}code,name\nHN,\"Hà Nội, thủ đô\"\nX,'=1+1\n".as_bytes();
        let (header, rows) = csv_rows(data).unwrap();
        assert_eq!(header, vec!["code", "name"]);
        let rows: Vec<Row> = rows.map(|r| r.unwrap()).collect();
        assert_eq!(rows[0].number, 2);
        assert_eq!(rows[0].get("name"), Some("Hà Nội, thủ đô"));
        assert_eq!(rows[1].get("name"), Some("=1+1"));
    }

    #[test]
    fn bad_encoding_names_the_row() {
        let mut data = b"code,name\nA,ok\nB,".to_vec();
        data.extend_from_slice(&[0xC3, 0x28]);
        assert_eq!(csv_rows(&data).err().unwrap().row, 3);
    }

    #[test]
    fn header_rules() {
        let h = vec!["code".to_string(), "colour".to_string()];
        let errs = check_header(&h, &["code", "name"], &["code", "name"]);
        assert_eq!(
            errs.iter().map(|e| e.code).collect::<Vec<_>>(),
            vec!["unknown_column", "missing_column"]
        );
    }
}
