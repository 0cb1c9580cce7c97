//! Reading an import file: CSV (UTF-8, header row, BOM tolerated) or a JSON array of objects with
//! the same keys. Rows are numbered as a spreadsheet user sees them: the header is row 1, so the
//! first data row is row 2; in JSON the first object is row 1.

use std::collections::HashMap;

/// One data row: its number and its cells by column.
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

/// Checks the header against the kind's columns: unknown columns and missing required ones are
/// errors of row 1.
pub fn check_header(header: &[String], allowed: &[&str], required: &[&str]) -> Vec<FileError> {
    let mut errors = Vec::new();
    for column in header {
        if !allowed.contains(&column.as_str()) {
            errors.push(FileError {
                row: 1,
                field: column.clone(),
                code: "unknown_column",
                message: format!(
                    "unknown column {column:?}; the columns are {}",
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
                field: column.clone(),
                code: "duplicate_column",
                message: format!("the column {column} appears twice"),
            });
        }
    }
    errors
}

/// Rows read one at a time.
pub type RowIter<'a> = Box<dyn Iterator<Item = Result<Row, FileError>> + 'a>;

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

/// Parses a JSON array of objects; values may be strings, numbers, booleans or null.
pub fn json_rows(bytes: &[u8]) -> Result<(Vec<String>, Vec<Row>), FileError> {
    let items: Vec<serde_json::Map<String, serde_json::Value>> = serde_json::from_slice(bytes)
        .map_err(|e| FileError {
            row: 1,
            field: String::new(),
            code: "malformed",
            message: format!("the body must be a JSON array of objects: {e}"),
        })?;
    let mut header: Vec<String> = Vec::new();
    let mut rows = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let mut cells = HashMap::new();
        for (key, value) in item {
            if !header.contains(&key) {
                header.push(key.clone());
            }
            let text = match value {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            cells.insert(key, text);
        }
        rows.push(Row {
            number: i + 1,
            cells,
        });
    }
    Ok((header, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

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
