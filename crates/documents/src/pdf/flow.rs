//! The flow: a cursor moving down the pages, breaking to a new page when a line or a
//! row does not fit above the bottom margin.

use super::layout::{baseline, line_height, set_line, wrap, Geometry, Op, Page, Set};
use crate::fonts::Face;

pub(crate) struct Flow {
    pub pages: Vec<Page>,
    pub geo: Geometry,
    /// The top of the next thing to be laid out.
    pub y: f32,
}

/// How a text flows: its face and size, first-line indent, setting and space after.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TextStyle {
    pub face: Face,
    pub size: f32,
    pub indent: f32,
    pub justify: bool,
    pub after: f32,
}

impl Flow {
    pub(crate) fn new() -> Self {
        Flow {
            pages: Vec::new(),
            geo: Geometry::a4(false),
            y: 0.0,
        }
    }

    pub(crate) fn new_page(&mut self, landscape: bool) {
        self.geo = Geometry::a4(landscape);
        self.pages.push(Page {
            width: self.geo.width,
            height: self.geo.height,
            ops: Vec::new(),
        });
        self.y = self.geo.top;
    }

    /// A new page of the same orientation.
    pub(crate) fn break_page(&mut self) {
        self.new_page(self.geo.landscape());
    }

    pub(crate) fn room(&self) -> f32 {
        self.geo.text_bottom() - self.y
    }

    pub(crate) fn at_top(&self) -> bool {
        (self.y - self.geo.top).abs() < 0.5
    }

    /// Breaks the page unless `height` fits under the cursor (or the page is still empty);
    /// tells whether it broke.
    pub(crate) fn ensure(&mut self, height: f32) -> bool {
        if height > self.room() + 0.01 && !self.at_top() {
            self.break_page();
            true
        } else {
            false
        }
    }

    pub(crate) fn push(&mut self, op: Op) {
        if let Some(p) = self.pages.last_mut() {
            p.ops.push(op);
        }
    }

    pub(crate) fn extend(&mut self, ops: impl IntoIterator<Item = Op>) {
        for op in ops {
            self.push(op);
        }
    }

    /// A horizontal rule from `x1` to `x2` at `y`.
    pub(crate) fn hline(&mut self, x1: f32, x2: f32, y: f32, width: f32) {
        self.push(Op::Line {
            x1,
            y1: y,
            x2,
            y2: y,
            width,
        });
    }

    /// A paragraph over the text width, line after line, breaking pages between lines.
    pub(crate) fn paragraph(&mut self, text: &str, st: TextStyle, set: Set) {
        let (x, width) = (self.geo.left, self.geo.text_width());
        let lines = wrap(text, st.face, st.size, width, st.indent);
        let lh = line_height(st.size);
        let n = lines.len();
        for (i, line) in lines.iter().enumerate() {
            // Keep the last two lines together (no single widow line).
            let need = if i + 2 == n { 2.0 * lh } else { lh };
            self.ensure(need);
            let indent = if i == 0 { st.indent } else { 0.0 };
            let set = match set {
                Set::Justify { .. } if st.justify => Set::Justify { last: i + 1 == n },
                other => other,
            };
            let base = self.y + baseline(st.face, st.size);
            let ops = set_line(line, x + indent, width - indent, base, st.face, st.size).ops(set);
            self.extend(ops);
            self.y += lh;
        }
        self.y += st.after;
    }
}
