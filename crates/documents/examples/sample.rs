//! Writes `sample.docx` and `sample.pdf` (the test report) to the directory given as the
//! first argument (default: the current directory).
//!
//! cargo run -p restrack-documents --example sample -- /tmp/out

#[path = "../tests/sample/mod.rs"]
mod sample;

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    std::fs::create_dir_all(&dir)?;
    let doc = sample::report();
    std::fs::write(dir.join("sample.docx"), restrack_documents::docx(&doc)?)?;
    std::fs::write(dir.join("sample.pdf"), restrack_documents::pdf(&doc)?)?;
    println!(
        "{}/sample.docx, {}/sample.pdf",
        dir.display(),
        dir.display()
    );
    Ok(())
}
