//! Evidence files: PDF, Office documents and images attached to what agencies report. The type is
//! decided by the content (its magic bytes), never by the name, and a name that claims another type
//! is refused as a disguise; nothing executable, no HTML or SVG (they run script in a browser).
//! Files are stored in the database, addressed by their SHA-256 (the same file is stored once), so
//! every instance and every backup has them; the hash is shown so that a printed report can be
//! checked against the stored file. An attachment belongs to the uploader's agency: it is visible
//! where that agency is (its own staff and every agency above it), like everything else.

use actix_multipart::Multipart;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use futures_util::StreamExt;
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db::schema::{attachment_blobs, attachments, evidence_links};
use crate::db::{new_id, now, BackendKind, DbConn};
use crate::error::{ApiError, ErrorCode, FieldCode, FieldError};
use crate::extract::{Load, Visible};
use crate::scope;
use crate::state::AppState;

/// The kinds of file accepted, by the media type their content shows, with the name endings
/// that may carry them.
const ACCEPTED: &[(&str, &[&str])] = &[
    ("application/pdf", &["pdf"]),
    ("image/png", &["png"]),
    ("image/jpeg", &["jpg", "jpeg"]),
    ("image/gif", &["gif"]),
    ("image/webp", &["webp"]),
    ("image/tiff", &["tif", "tiff"]),
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        &["docx"],
    ),
    (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &["xlsx"],
    ),
    (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        &["pptx"],
    ),
    ("application/msword", &["doc"]),
    ("application/vnd.ms-excel", &["xls"]),
    ("application/vnd.ms-powerpoint", &["ppt"]),
    ("application/vnd.oasis.opendocument.text", &["odt"]),
    ("application/vnd.oasis.opendocument.spreadsheet", &["ods"]),
];

/// An uploaded evidence file.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Attachment {
    pub id: String,
    /// SHA-256 of the content, hexadecimal: print it with the report to prove which file it was.
    pub sha256: String,
    pub size: i64,
    /// As the content shows it (not as the name or the uploader claimed).
    pub media_type: String,
    pub filename: String,
    /// The uploader's agency: the attachment is visible where that agency is.
    pub agency_id: String,
    pub uploaded_by: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = attachments)]
pub struct AttachmentRow {
    pub id: String,
    pub sha256: String,
    pub filename: String,
    pub agency_id: String,
    pub uploaded_by: String,
    pub created_at: NaiveDateTime,
}

/// An attachment with what its content is.
pub struct Stored {
    pub row: AttachmentRow,
    pub size: i64,
    pub media_type: String,
}

impl Stored {
    fn view(self) -> Attachment {
        Attachment {
            id: self.row.id,
            sha256: self.row.sha256,
            size: self.size,
            media_type: self.media_type,
            filename: self.row.filename,
            agency_id: self.row.agency_id,
            uploaded_by: self.row.uploaded_by,
            created_at: self.row.created_at.and_utc(),
        }
    }
}

impl Load for Stored {
    const WHAT: &'static str = "attachment";
    fn load(conn: &mut DbConn, caller: &Caller, id: &str) -> Result<Self, ApiError> {
        let (row, size, media_type) = attachments::table
            .inner_join(attachment_blobs::table)
            .filter(attachments::id.eq(id))
            .filter(attachments::agency_id.eq_any(scope::subtree_ids(&caller.agency_id)))
            .select((
                AttachmentRow::as_select(),
                attachment_blobs::size,
                attachment_blobs::media_type,
            ))
            .first::<(AttachmentRow, i64, String)>(conn)
            .optional()?
            .ok_or_else(|| ApiError::not_found("attachment"))?;
        Ok(Stored {
            row,
            size,
            media_type,
        })
    }
}

text_enum!(
    /// What evidence is attached to.
    EvidenceOf { ProgressReport => "progress_report", Figure => "figure", Completion => "completion" }
);

/// At most this many files per report or figure.
pub const MAX_PER_SUBJECT: usize = 10;

/// Attaches the caller's agency's files `ids` (from `POST /attachments`) to a new report or figure,
/// in the order given. An id that is not an attachment of the caller's own agency (the evidence
/// comes from whoever reports) or that repeats is a 422 naming `attachment_ids[i]`.
pub fn link(
    conn: &mut DbConn,
    caller: &Caller,
    subject: EvidenceOf,
    subject_id: &str,
    ids: &[uuid::Uuid],
) -> Result<(), ApiError> {
    if ids.is_empty() {
        return Ok(());
    }
    let ids: Vec<String> = ids.iter().map(|u| u.hyphenated().to_string()).collect();
    let own: std::collections::HashSet<String> = attachments::table
        .filter(attachments::id.eq_any(&ids))
        .filter(attachments::agency_id.eq(&caller.agency_id))
        .select(attachments::id)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    let mut seen = std::collections::HashSet::new();
    let mut errors = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let field = format!("attachment_ids[{i}]");
        if !seen.insert(id) {
            errors.push(FieldError::coded(
                field,
                FieldCode::Duplicate,
                "is listed twice",
            ));
        } else if !own.contains(id) {
            errors.push(FieldError::coded(
                field,
                FieldCode::NotFound,
                "no such attachment of your agency",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    // At most ten rows; a multi-row insert is backend-specific in diesel.
    for (i, id) in ids.iter().enumerate() {
        diesel::insert_into(evidence_links::table)
            .values((
                evidence_links::subject_type.eq(subject.as_str()),
                evidence_links::subject_id.eq(subject_id),
                evidence_links::attachment_id.eq(id),
                evidence_links::position.eq(i as i32),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The evidence of many subjects of one kind, in their order (one query per 500 subjects).
pub fn of(
    conn: &mut DbConn,
    subject: EvidenceOf,
    subject_ids: &[String],
) -> Result<std::collections::HashMap<String, Vec<Attachment>>, ApiError> {
    let mut out: std::collections::HashMap<String, Vec<Attachment>> = Default::default();
    for chunk in subject_ids.chunks(500) {
        let rows: Vec<(String, AttachmentRow, i64, String)> = evidence_links::table
            .inner_join(attachments::table.inner_join(attachment_blobs::table))
            .filter(evidence_links::subject_type.eq(subject.as_str()))
            .filter(evidence_links::subject_id.eq_any(chunk))
            .order((evidence_links::subject_id, evidence_links::position))
            .select((
                evidence_links::subject_id,
                AttachmentRow::as_select(),
                attachment_blobs::size,
                attachment_blobs::media_type,
            ))
            .load(conn)?;
        for (subject_id, row, size, media_type) in rows {
            out.entry(subject_id).or_default().push(
                Stored {
                    row,
                    size,
                    media_type,
                }
                .view(),
            );
        }
    }
    Ok(out)
}

/// The media type of `content` if it is a kind accepted, checked against the name's ending.
pub fn classify(filename: &str, content: &[u8]) -> Result<&'static str, FieldError> {
    let detected = infer::get(content).map(|t| t.mime_type());
    let Some((media_type, endings)) = detected.and_then(|d| ACCEPTED.iter().find(|(m, _)| *m == d))
    else {
        return Err(FieldError::coded(
            "file",
            FieldCode::Format,
            match detected {
                Some(other) => format!(
                    "files of type {other} are not accepted; attach PDF, Office documents or images"
                ),
                None => "the file's type cannot be recognised; attach PDF, Office documents or \
                         images"
                    .to_string(),
            },
        ));
    };
    let ending = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_lowercase())
        .unwrap_or_default();
    if !endings.contains(&ending.as_str()) {
        return Err(FieldError::coded(
            "file",
            FieldCode::Format,
            format!(
                "the content is {media_type} but the name ends in .{ending}: rename it .{}",
                endings[0]
            ),
        ));
    }
    Ok(media_type)
}

/// A file name as stored: the last path segment, without control characters, at most 255
/// characters.
fn clean_name(raw: &str) -> Option<String> {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last.chars().filter(|c| !c.is_control()).take(255).collect();
    let cleaned = cleaned.trim().to_string();
    (!cleaned.is_empty() && cleaned != "." && cleaned != "..").then_some(cleaned)
}

/// Reads the one `file` field of the form, refusing it as soon as it passes `limit`.
async fn read_file(mut form: Multipart, limit: usize) -> Result<(String, Vec<u8>), ApiError> {
    let mut found = None;
    while let Some(field) = form.next().await {
        let mut field = field.map_err(|e| {
            ApiError::bad_request(ErrorCode::BadBody, format!("cannot read the form: {e}"))
        })?;
        if field.name() != Some("file") || found.is_some() {
            return Err(ApiError::validation(vec![FieldError::coded(
                field.name().unwrap_or("form").to_string(),
                FieldCode::UnknownField,
                "the form has one field, file",
            )]));
        }
        let name = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .and_then(clean_name)
            .ok_or_else(|| {
                ApiError::invalid_as("file", FieldCode::Required, "the file needs a name")
            })?;
        let mut content = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| {
                ApiError::bad_request(ErrorCode::BadBody, format!("cannot read the file: {e}"))
            })?;
            if content.len() + chunk.len() > limit {
                return Err(ApiError::invalid_as(
                    "file",
                    FieldCode::Length,
                    format!("the file is larger than the limit of {limit} bytes"),
                ));
            }
            content.extend_from_slice(&chunk);
        }
        found = Some((name, content));
    }
    let (name, content) = found.ok_or_else(|| {
        ApiError::invalid_as("file", FieldCode::Required, "the form has no file field")
    })?;
    if content.is_empty() {
        return Err(ApiError::invalid_as(
            "file",
            FieldCode::Required,
            "the file is empty",
        ));
    }
    Ok((name, content))
}

/// Keeps `content` once per SHA-256 and returns the hash (evidence files and produced reports
/// share the store). Two writers of the same content may race: the first stores it, the other
/// finds it.
pub fn store_blob(conn: &mut DbConn, media_type: &str, content: &[u8]) -> Result<String, ApiError> {
    let sha256 = hex::encode(Sha256::digest(content));
    let insert = match conn.kind() {
        BackendKind::Sqlite => {
            "INSERT INTO attachment_blobs (sha256, size, media_type, content) VALUES (?, ?, ?, ?) \
             ON CONFLICT (sha256) DO NOTHING"
        }
        BackendKind::Postgres => {
            "INSERT INTO attachment_blobs (sha256, size, media_type, content) VALUES ($1, $2, $3, \
             $4) ON CONFLICT (sha256) DO NOTHING"
        }
    };
    diesel::sql_query(insert)
        .bind::<diesel::sql_types::Text, _>(&sha256)
        .bind::<diesel::sql_types::BigInt, _>(content.len() as i64)
        .bind::<diesel::sql_types::Text, _>(media_type)
        .bind::<diesel::sql_types::Binary, _>(content)
        .execute(conn)?;
    Ok(sha256)
}

/// Stores a checked file for the caller's agency: its content once per SHA-256, and the
/// attachment with its name; audited.
pub fn store(
    conn: &mut DbConn,
    caller: &Caller,
    filename: &str,
    media_type: &str,
    content: &[u8],
) -> Result<Stored, ApiError> {
    crate::policy::attach_evidence(caller)?;
    let sha256 = store_blob(conn, media_type, content)?;
    let size = content.len() as i64;
    let row = AttachmentRow {
        id: new_id(),
        sha256,
        filename: filename.to_string(),
        agency_id: caller.agency_id.clone(),
        uploaded_by: caller.user_id.clone(),
        created_at: now(),
    };
    diesel::insert_into(attachments::table)
        .values((
            attachments::id.eq(&row.id),
            attachments::sha256.eq(&row.sha256),
            attachments::filename.eq(&row.filename),
            attachments::agency_id.eq(&row.agency_id),
            attachments::uploaded_by.eq(&row.uploaded_by),
            attachments::created_at.eq(row.created_at),
        ))
        .execute(conn)?;
    let stored = Stored {
        row,
        size,
        media_type: media_type.to_string(),
    };
    let view = stored_view(&stored);
    audit::record::<(), _>(
        conn,
        &caller.actor(),
        Change {
            action: "upload",
            entity_type: "attachment",
            entity_id: &stored.row.id,
            agency_id: Some(&stored.row.agency_id),
            before: None,
            after: Some(&view),
        },
    )?;
    Ok(stored)
}

fn stored_view(s: &Stored) -> Attachment {
    Stored {
        row: s.row.clone(),
        size: s.size,
        media_type: s.media_type.clone(),
    }
    .view()
}

/// Uploads an evidence file (`multipart/form-data`, one field `file`): PDF, Office documents
/// (docx, xlsx, pptx, doc, xls, ppt, odt, ods) or images (png, jpeg, gif, webp, tiff), at most
/// `RESTRACK_ATTACHMENT_MAX_BYTES` (20 MB). The type is read from the content; a name claiming
/// another type, an unknown or executable content, an empty or too large file are 422 and nothing
/// is stored. Not for viewers (403).
#[utoipa::path(
    operation_id = "upload_attachment",
    tag = "attachments",
    request_body(content = AttachmentUpload, content_type = "multipart/form-data"),
    security(("bearer" = [])),
    responses(
        (status = 201, body = Attachment),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/attachments")]
pub async fn upload(
    state: web::Data<AppState>,
    caller: Caller,
    form: Multipart,
) -> Result<HttpResponse, ApiError> {
    // Refused before the file is read.
    crate::policy::attach_evidence(&caller)?;
    let (filename, content) = read_file(form, state.config.attachment_max_bytes).await?;
    let media_type = classify(&filename, &content).map_err(|e| ApiError::validation(vec![e]))?;
    let stored = state
        .db
        .write(move |conn| store(conn, &caller, &filename, media_type, &content))
        .await?;
    Ok(HttpResponse::Created().json(stored.view()))
}

/// A downloaded file's bytes.
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code)]
pub struct AttachmentContent(Vec<u8>);

/// The form of an upload.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AttachmentUpload {
    /// At most `RESTRACK_ATTACHMENT_MAX_BYTES` (20 MB by default; larger → 413).
    #[schema(value_type = String, format = Binary, max_length = 20_000_000)]
    file: Vec<u8>,
}

/// Downloads an attachment of the caller's scope (404 otherwise): always as a download
/// (`Content-Disposition: attachment`), with its media type, `nosniff`, and its SHA-256 in
/// `Repr-Digest` (RFC 9530) and the `ETag`.
#[utoipa::path(
    operation_id = "download_attachment",
    tag = "attachments",
    params(("id" = uuid::Uuid, Path, description = "Attachment id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The file, in the media type its content showed (one of the accepted kinds)", content(
            (AttachmentContent = "application/pdf"),
            (AttachmentContent = "image/png"),
            (AttachmentContent = "image/jpeg"),
            (AttachmentContent = "image/gif"),
            (AttachmentContent = "image/webp"),
            (AttachmentContent = "image/tiff"),
            (AttachmentContent = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            (AttachmentContent = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (AttachmentContent = "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
            (AttachmentContent = "application/msword"),
            (AttachmentContent = "application/vnd.ms-excel"),
            (AttachmentContent = "application/vnd.ms-powerpoint"),
            (AttachmentContent = "application/vnd.oasis.opendocument.text"),
            (AttachmentContent = "application/vnd.oasis.opendocument.spreadsheet")
        )),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/attachments/{id}")]
pub async fn download(
    state: web::Data<AppState>,
    attachment: Visible<Stored>,
) -> Result<HttpResponse, ApiError> {
    let stored = attachment.object;
    let sha256 = stored.row.sha256.clone();
    let content: Vec<u8> = state
        .db
        .run(move |conn| {
            Ok(attachment_blobs::table
                .find(&sha256)
                .select(attachment_blobs::content)
                .first(conn)?)
        })
        .await?;
    let digest = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        hex::decode(&stored.row.sha256).unwrap_or_default(),
    );
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::FilenameExt(header::ExtendedValue {
            charset: header::Charset::Ext("UTF-8".into()),
            language_tag: None,
            value: stored.row.filename.clone().into_bytes(),
        })],
    };
    Ok(HttpResponse::Ok()
        .content_type(stored.media_type.as_str())
        .insert_header(disposition)
        .insert_header(("Repr-Digest", format!("sha-256=:{digest}:")))
        .insert_header((header::ETAG, format!("\"{}\"", stored.row.sha256)))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(content))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";
    const PNG: &[u8] = &[
        0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, b'I', b'H', b'D', b'R',
    ];

    #[test]
    fn the_content_decides_and_the_name_must_agree() {
        assert_eq!(classify("Báo cáo.pdf", PDF), Ok("application/pdf"));
        assert_eq!(classify("anh.PNG", PNG), Ok("image/png"));
        assert!(classify("anh.pdf", PNG).is_err());
        assert!(classify("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00").is_err());
        assert!(classify("a.html", b"<html><script>alert(1)</script></html>").is_err());
        assert!(classify("noname", PDF).is_err());
    }

    #[test]
    fn the_document_names_every_accepted_type() {
        let doc: serde_json::Value =
            serde_json::from_str(&crate::openapi::document_json()).unwrap();
        let documented: Vec<&str> = doc["paths"]["/api/v1/attachments/{id}"]["get"]["responses"]
            ["200"]["content"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut accepted: Vec<&str> = ACCEPTED.iter().map(|(m, _)| *m).collect();
        let mut documented = documented;
        accepted.sort();
        documented.sort();
        assert_eq!(accepted, documented);
    }

    #[test]
    fn names_lose_paths_and_control_characters() {
        assert_eq!(
            clean_name("C:\\Users\\a\\Biên bản.pdf").as_deref(),
            Some("Biên bản.pdf")
        );
        assert_eq!(clean_name("../../etc/passwd").as_deref(), Some("passwd"));
        assert_eq!(clean_name("a\u{0}b\n.pdf").as_deref(), Some("ab.pdf"));
        assert_eq!(clean_name(".."), None);
    }
}
