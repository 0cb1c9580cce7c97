//! Resolution Tracker documents: one neutral model ([`Document`]) rendered to .docx
//! ([`docx()`]) and PDF ([`pdf()`]) in the layout of Vietnamese administrative documents
//! (Decree 30/2020/NĐ-CP, Appendix I).

mod docx;
mod fonts;
mod model;
mod pdf;
mod text;

pub use model::{Align, Annex, Block, Column, Document, Heading, Signature, Table};

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Error(String);

impl Error {
    pub(crate) fn new(msg: impl Into<String>) -> Self {
        Error(msg.into())
    }
}

/// Renders the document as a Word (.docx) file.
pub fn docx(doc: &Document) -> Result<Vec<u8>, Error> {
    docx::render(doc)
}

/// Renders the document as a PDF file with Liberation Serif embedded and subset.
pub fn pdf(doc: &Document) -> Result<Vec<u8>, Error> {
    pdf::render(doc)
}
