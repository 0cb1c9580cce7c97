//! The report as a printable page: the same heading, words and tables as the Word and PDF
//! documents, in Times New Roman on A4 when printed.

use super::document::{annex_title, narrative, subject, Heading, KIND, SIGNER_TITLE};
use super::model::PeriodicReport;
use super::tables::{Cell, Table};

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const STYLE: &str = "body{font-family:'Times New Roman',Tinos,'Liberation Serif',serif;font-size:14pt;\
margin:20mm 15mm 20mm 30mm;color:#000;line-height:1.3}\
.head{display:grid;grid-template-columns:40% 60%;text-align:center;font-size:13pt}\
.head b{display:block}.rule{width:35%;margin:2px auto 6px;border-top:1px solid #000}\
.motto{font-size:14pt}.motto-rule{width:62%;margin:2px auto 6px;border-top:1px solid #000}\
.date{font-style:italic;font-size:14pt}\
h1{font-size:14pt;text-align:center;margin:18pt 0 0}h1+p.subject{text-align:center;font-weight:bold;margin:0 0 12pt}\
h2{font-size:14pt;margin:12pt 0 6pt}h3{font-size:13pt;text-align:center;margin:12pt 0 6pt}\
p{text-align:justify;text-indent:1.27cm;margin:0 0 6pt}\
table{border-collapse:collapse;width:100%;margin:6pt 0;font-size:12pt}\
th,td{border:1px solid #000;padding:2pt 4pt;vertical-align:top}th{background:#e7e6e6}\
td.n{text-align:right;white-space:nowrap}p.note{font-style:italic;font-size:12pt;text-indent:0}\
.sign{display:grid;grid-template-columns:50% 50%;margin-top:18pt}.sign .to{font-size:11pt}\
.sign .to b{font-size:12pt;font-style:italic}.sign .who{text-align:center;font-weight:bold}\
.sign .who .space{height:3cm}.annex{break-before:page}\
@media print{body{margin:0}@page{size:A4;margin:20mm 15mm 20mm 30mm}}";

fn table(t: &Table, out: &mut String) {
    if t.rows.is_empty() {
        out.push_str("<p>Không có nội dung trong kỳ.</p>");
        return;
    }
    out.push_str("<table><thead><tr>");
    for c in &t.columns {
        out.push_str(&format!("<th>{}</th>", escape(c.header)));
    }
    out.push_str("</tr></thead><tbody>");
    for row in &t.rows {
        out.push_str("<tr>");
        for cell in row {
            let class = if cell.is_numeric() || matches!(cell, Cell::Date(_)) {
                " class=\"n\""
            } else {
                ""
            };
            out.push_str(&format!("<td{class}>{}</td>", escape(&cell.text())));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    if let Some(note) = &t.note {
        out.push_str(&format!("<p class=\"note\">{}</p>", escape(note)));
    }
}

pub fn write(r: &PeriodicReport, h: &Heading, tables: &[Table]) -> String {
    let title = subject(r);
    let mut out = format!(
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{kind} — {t}</title>\
         <style>{STYLE}</style></head><body><div class=\"head\"><div>{parent}<b>{issuer}</b>\
         <div class=\"rule\"></div>{number}</div><div><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b>\
         <b class=\"motto\">Độc lập - Tự do - Hạnh phúc</b><div class=\"motto-rule\"></div>\
         <div class=\"date\">{date}</div></div></div><h1>{kind}</h1><p class=\"subject\">{t}</p>",
        kind = KIND,
        t = escape(&title),
        parent = h
            .parent_body
            .as_deref()
            .map(|p| format!("<div>{}</div>", escape(p)))
            .unwrap_or_default(),
        issuer = escape(&h.issuer),
        number = escape(&h.number),
        date = escape(&h.place_date(r.produced_on)),
    );
    for (i, (head, paragraphs)) in narrative(r).into_iter().enumerate() {
        out.push_str(&format!("<h2>{}</h2>", escape(&head)));
        for p in paragraphs {
            out.push_str(&format!("<p>{}</p>", escape(&p)));
        }
        if i == 0 {
            if let Some(t) = tables.first() {
                table(t, &mut out);
            }
        }
    }
    out.push_str("<div class=\"sign\"><div class=\"to\"><b>Nơi nhận:</b>");
    let n = h.recipients.len();
    for (i, to) in h.recipients.iter().enumerate() {
        let end = if i + 1 == n { "." } else { ";" };
        out.push_str(&format!("<div>- {}{end}</div>", escape(to)));
    }
    out.push_str(&format!(
        "</div><div class=\"who\">{SIGNER_TITLE}<div class=\"space\"></div></div></div>"
    ));
    for (i, t) in tables.iter().skip(1).enumerate() {
        out.push_str(&format!(
            "<section class=\"annex\"><h3>{}<br>{}</h3>",
            annex_title(i),
            escape(t.title)
        ));
        table(t, &mut out);
        out.push_str("</section>");
    }
    out.push_str("</body></html>");
    out
}
