//! The PDF rendering: our own layout (line breaking, justification, pagination, tables)
//! into pages of drawing operations, painted with krilla in Liberation Serif.

mod document;
mod flow;
mod layout;
mod paint;
mod table;

use crate::{Document, Error};

pub(crate) fn render(doc: &Document) -> Result<Vec<u8>, Error> {
    let pages = document::layout(doc);
    paint::paint(&pages, &format!("{} {}", doc.kind, doc.subject))
}
