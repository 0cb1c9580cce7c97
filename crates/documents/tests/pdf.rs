//! The PDF: its pages, and the text `pdftotext` gets back from it (when poppler is here).

mod sample;

use std::process::Command;

fn page_count(pdf: &[u8]) -> usize {
    // Page objects are "/Type/Page", the page tree "/Type/Pages".
    let s = String::from_utf8_lossy(pdf).replace("/Type /", "/Type/");
    s.matches("/Type/Page").count() - s.matches("/Type/Pages").count()
}

#[test]
fn pdf_has_several_pages() {
    let pdf = restrack_documents::pdf(&sample::report()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(page_count(&pdf) > 3, "{} pages", page_count(&pdf));
}

fn pdftotext(pdf: &[u8]) -> Option<String> {
    let dir = std::env::temp_dir().join(format!("restrack-documents-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join("sample.pdf");
    std::fs::write(&path, pdf).ok()?;
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .ok()?;
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "pdftotext failed: {out:?}");
    Some(String::from_utf8(out.stdout).expect("UTF-8 text"))
}

#[test]
fn pdftotext_gives_back_the_vietnamese_text() {
    let pdf = restrack_documents::pdf(&sample::report()).unwrap();
    let Some(text) = pdftotext(&pdf) else {
        eprintln!("pdftotext is not on PATH: the text of the PDF is not checked");
        return;
    };
    let pages: Vec<&str> = text.split('\u{c}').collect();
    assert!(pages.len() > 3, "{} pages", pages.len());
    let first = pages[0];
    for needle in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 125/BC-VPTW",
        "Hà Nội, ngày 07 tháng 12 năm 2026",
        "BÁO CÁO",
        "Tình hình thực hiện các nghị quyết quý III năm 2026",
        "Nhiệm vụ số 1: hoàn thiện thể chế",
    ] {
        assert!(first.contains(needle), "page 1 lacks {needle:?}:\n{first}");
    }
    assert!(!first.trim_start().starts_with('1'), "a number on page 1");
    // The table goes on over the page break: its header row and the page number come back.
    let second = pages[1];
    assert!(second.trim_start().starts_with('2'), "page 2:\n{second}");
    assert!(
        second.contains("Đơn vị chủ trì"),
        "no repeated header:\n{second}"
    );
    assert!(text.contains("Ủy ban Kiểm tra"));
    assert!(text.contains("Nơi nhận:"));
    assert!(text.contains("- Lưu: VT, THKH."));
    assert!(text.contains("NGUYỄN VĂN THÀNH") || text.contains("Nguyễn Văn Thành"));
    assert!(text.contains("Phụ lục II"));
    assert!(text.contains("Xếp hạng theo điểm"));
}
