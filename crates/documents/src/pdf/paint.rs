//! Pages of drawing operations onto krilla surfaces.

use krilla::color::luma;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

use super::layout::{Op, Page};
use crate::fonts::Face;
use crate::Error;

const FACES: [Face; 4] = [Face::Regular, Face::Bold, Face::Italic, Face::BoldItalic];

pub(crate) fn paint(pages: &[Page], title: &str) -> Result<Vec<u8>, Error> {
    let fonts = FACES
        .iter()
        .map(|f| Font::new(f.data().into(), 0).ok_or_else(|| Error::new("font not readable")))
        .collect::<Result<Vec<_>, _>>()?;
    let mut doc = krilla::Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .language("vi".to_string())
            .creator("Resolution Tracker".to_string()),
    );
    for p in pages {
        let settings = PageSettings::from_wh(p.width, p.height)
            .ok_or_else(|| Error::new("invalid page size"))?;
        let mut page = doc.start_page_with(settings);
        let mut surface = page.surface();
        for op in &p.ops {
            draw(&mut surface, &fonts, op);
        }
        surface.finish();
        page.finish();
    }
    doc.finish()
        .map_err(|e| Error::new(format!("writing the PDF failed: {e:?}")))
}

fn draw(s: &mut Surface<'_>, fonts: &[Font], op: &Op) {
    match op {
        Op::Text {
            x,
            y,
            face,
            size,
            text,
        } => {
            let font = fonts[FACES.iter().position(|f| f == face).unwrap_or(0)].clone();
            s.set_stroke(None);
            s.set_fill(Some(Fill::default()));
            s.draw_text(
                Point::from_xy(*x, *y),
                font,
                *size,
                text,
                false,
                TextDirection::Auto,
            );
        }
        Op::Line {
            x1,
            y1,
            x2,
            y2,
            width,
        } => {
            let mut pb = PathBuilder::new();
            pb.move_to(*x1, *y1);
            pb.line_to(*x2, *y2);
            if let Some(path) = pb.finish() {
                s.set_fill(None);
                s.set_stroke(Some(Stroke {
                    width: *width,
                    ..Stroke::default()
                }));
                s.draw_path(&path);
            }
        }
        Op::Fill { x, y, w, h, gray } => {
            let mut pb = PathBuilder::new();
            if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                pb.push_rect(rect);
            }
            if let Some(path) = pb.finish() {
                s.set_stroke(None);
                s.set_fill(Some(Fill {
                    paint: luma::Color::new(*gray).into(),
                    ..Fill::default()
                }));
                s.draw_path(&path);
            }
        }
    }
}
