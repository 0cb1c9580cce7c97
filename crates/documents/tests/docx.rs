//! The .docx: unzip it and look for the text and the layout marks in `word/document.xml`.

mod sample;

use std::io::{Cursor, Read};

fn document_xml(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    let mut s = String::new();
    zip.by_name("word/document.xml")
        .expect("word/document.xml")
        .read_to_string(&mut s)
        .unwrap();
    s
}

/// The text of the document: tags dropped, a line break read as a space.
fn text_of(xml: &str) -> String {
    let xml = xml
        .replace(r#"<w:br w:type="textWrapping" />"#, " ")
        .replace("<w:br />", " ");
    let mut out = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn docx_holds_the_text_and_the_layout() {
    let bytes = restrack_documents::docx(&sample::report()).unwrap();
    let xml = document_xml(&bytes);
    let text = text_of(&xml);
    for needle in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 125/BC-VPTW",
        "VĂN PHÒNG TRUNG ƯƠNG ĐẢNG",
        "Tình hình thực hiện các nghị quyết quý III năm 2026",
        "Ủy ban Kiểm tra Trung ương",
        "Nơi nhận:",
        "- Như trên;",
        "- Lưu: VT, THKH.",
        "TM. BAN CHỈ ĐẠO",
        "Nguyễn Văn Thành",
        "Phụ lục II",
    ] {
        assert!(text.contains(needle), "missing {needle:?}");
    }
    assert!(xml.contains(r#"w:ascii="Times New Roman""#));
    assert!(xml.contains(r#"w:hAnsi="Times New Roman""#));
    assert!(xml.contains(r#"<w:sz w:val="28" />"#) || xml.contains(r#"<w:sz w:val="28"/>"#));
    assert!(xml.contains("w:tblHeader"));
    assert!(xml.contains("w:titlePg"));
    // A4 portrait for the body, and the landscape annex.
    assert!(xml.contains(r#"w:w="11906""#) && xml.contains(r#"w:h="16838""#));
    assert!(
        xml.contains(r#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape""#),
        "no landscape page size"
    );
    assert!(xml.contains(r#"w:left="1701""#) && xml.contains(r#"w:right="850""#));
}

#[test]
fn header_rows_repeat_only_for_the_header() {
    let xml = document_xml(&restrack_documents::docx(&sample::report()).unwrap());
    // Three bordered tables (body, two annexes), one header row each.
    assert_eq!(xml.matches("w:tblHeader").count(), 3);
}

#[test]
fn page_numbers_are_a_page_field_in_the_header() {
    let bytes = restrack_documents::docx(&sample::report()).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
    let names: Vec<String> = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    let mut found = false;
    for n in names.iter().filter(|n| n.starts_with("word/header")) {
        let mut s = String::new();
        zip.by_name(n).unwrap().read_to_string(&mut s).unwrap();
        found |= s.contains("PAGE");
    }
    assert!(found, "no PAGE field in {names:?}");
}
