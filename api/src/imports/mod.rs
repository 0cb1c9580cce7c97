//! Bulk imports for ministry systems: `POST /imports/{kind}` with CSV or a JSON array. Every row goes
//! through the same checks as the single-object endpoints; any rejected row means nothing is
//! written (one transaction); `?dry_run=true` validates without writing; an `Idempotency-Key`
//! makes retries safe. `GET /imports` is the history.

pub mod exports;
pub mod kinds;
pub mod rows;
pub mod templates;
pub mod xlsx;

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpMessage, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use diesel::prelude::*;
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use self::kinds::{Cache, Outcome};
use self::rows::FileError;
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db::schema::imports;
use crate::db::{new_id, now, DbConn, Tx, TxMode};
use crate::error::{ApiError, ErrorCode};
use crate::extract::{object_id, Query};
use crate::indicators::figures;
use crate::page::{self, Page};
use crate::scope;
use crate::state::AppState;

/// At most this many problems are kept, returned and stored for one import; the count of rejected
/// rows is always complete. (A file of 100,000 bad rows costs 100 errors, not 100,000.)
pub const MAX_LISTED_ERRORS: usize = 100;
/// The history list shows the first few problems of each import; `GET /imports/{id}` shows all
/// that were kept.
const HISTORY_LISTED_ERRORS: usize = 10;
/// The longest `Idempotency-Key` taken.
pub const MAX_IDEMPOTENCY_KEY: usize = 200;
/// A claimed idempotency key whose import has not finished after this long is considered abandoned.
const ABANDONED_AFTER_MINUTES: i64 = 30;

text_enum!(
    /// What a file imports.
    ImportKind {
        Agencies => "agencies",
        Tasks => "tasks",
        Indicators => "indicators",
        IndicatorValues => "indicator-values",
        /// A reorganisation plan: merges, moves and dissolutions, applied in file order.
        Reorganisation => "reorganisation",
    }
);

impl ImportKind {
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Self::Agencies => kinds::AGENCY_COLUMNS,
            Self::Tasks => kinds::TASK_COLUMNS,
            Self::Indicators => kinds::INDICATOR_COLUMNS,
            Self::IndicatorValues => kinds::VALUE_COLUMNS,
            Self::Reorganisation => kinds::REORGANISATION_COLUMNS,
        }
    }
    fn required(self) -> &'static [&'static str] {
        match self {
            Self::Agencies => &["code", "name", "kind"],
            Self::Tasks => &[
                "resolution_code",
                "code",
                "title",
                "lead_agency_code",
                "start_date",
                "due_date",
            ],
            Self::Indicators => &[
                "code",
                "name",
                "group",
                "value_type",
                "direction",
                "aggregation",
                "frequency",
                "owner_agency_code",
            ],
            Self::IndicatorValues => &["indicator_code", "agency_code", "period", "value"],
            Self::Reorganisation => &["action", "agency_code"],
        }
    }
}

/// One problem with one row, as a spreadsheet user sees it (the CSV header is row 1).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RowError {
    pub row: usize,
    /// The column.
    pub field: String,
    /// For example `invalid`, `required`, `unknown_code`, `forbidden`, `duplicate_code`, `unknown_column`.
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct Counts {
    pub created: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub rejected: i64,
}

impl Counts {
    fn add(&mut self, o: Outcome) {
        match o {
            Outcome::Created => self.created += 1,
            Outcome::Updated => self.updated += 1,
            Outcome::Unchanged => self.unchanged += 1,
        }
    }
}

text_enum!(
    ImportStatus {
        /// Every row was valid and the import was written.
        Applied => "applied",
        /// At least one row was rejected; nothing was written.
        Rejected => "rejected",
        /// A dry run found every row valid; nothing was written.
        Validated => "validated",
        /// Still running.
        Running => "running",
    }
);

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportResult {
    pub import_id: String,
    pub kind: ImportKind,
    pub dry_run: bool,
    pub status: ImportStatus,
    pub counts: Counts,
    pub errors: Vec<RowError>,
    pub actor_name: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    /// Validate every row and report what would happen, writing nothing.
    pub dry_run: Option<bool>,
    /// For `indicator-values`: submit the imported figures for approval at once.
    pub submit: Option<bool>,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct HistoryQuery {
    #[param(inline)]
    pub kind: Option<ImportKind>,
    /// Page size (default 50, at most 500; more is a 400).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = imports)]
struct ImportRow {
    id: String,
    #[diesel(deserialize_as = String)]
    kind: ImportKind,
    actor_name: String,
    request_hash: Option<String>,
    dry_run: bool,
    #[diesel(deserialize_as = String)]
    status: ImportStatus,
    created_count: i32,
    updated_count: i32,
    unchanged_count: i32,
    rejected_count: i32,
    errors_json: String,
    started_at: NaiveDateTime,
    finished_at: Option<NaiveDateTime>,
}

impl From<ImportRow> for ImportResult {
    fn from(r: ImportRow) -> Self {
        Self {
            import_id: r.id,
            kind: r.kind,
            dry_run: r.dry_run,
            status: r.status,
            counts: Counts {
                created: r.created_count.into(),
                updated: r.updated_count.into(),
                unchanged: r.unchanged_count.into(),
                rejected: r.rejected_count.into(),
            },
            errors: serde_json::from_str(&r.errors_json).unwrap_or_default(),
            actor_name: r.actor_name,
            started_at: r.started_at.and_utc(),
            finished_at: r.finished_at.map(|t| t.and_utc()),
        }
    }
}

fn status_text(s: ImportStatus) -> &'static str {
    match s {
        ImportStatus::Applied => "applied",
        ImportStatus::Rejected => "rejected",
        ImportStatus::Validated => "validated",
        ImportStatus::Running => "running",
    }
}

fn respond(result: ImportResult) -> HttpResponse {
    let status = if result.status == ImportStatus::Rejected {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    HttpResponse::build(status).json(result)
}

fn file_error(e: FileError) -> RowError {
    RowError {
        row: e.row,
        field: e.field,
        code: e.code.to_string(),
        message: e.message,
    }
}

/// The problems of one import, kept up to [`MAX_LISTED_ERRORS`].
#[derive(Default)]
struct Problems {
    kept: Vec<RowError>,
    /// Whether any problem was found (also past the cap).
    any: bool,
}

impl Problems {
    fn push(&mut self, e: RowError) {
        self.any = true;
        if self.kept.len() < MAX_LISTED_ERRORS {
            self.kept.push(e);
        }
    }
    fn extend(&mut self, errors: impl IntoIterator<Item = RowError>) {
        for e in errors {
            self.push(e);
        }
    }
}

/// Applies a plan's split in its own savepoint, counting each of its rows.
fn apply_split(
    tx: &mut Tx<'_>,
    caller: &Caller,
    group: &kinds::SplitGroup,
    counts: &mut Counts,
    errors: &mut Problems,
) -> Result<(), ApiError> {
    match tx.savepoint(|conn| kinds::apply_split(conn, caller, group))? {
        Ok(_) => counts.updated += group.len() as i64,
        Err(row_errors) => {
            counts.rejected += group.len() as i64;
            errors.extend(row_errors);
        }
    }
    Ok(())
}

/// Runs every row; returns the counts and the problems (none: all valid). With `write` false (a
/// dry run of figures) nothing is written: figures are checked and their outcome computed only.
fn process(
    tx: &mut Tx<'_>,
    caller: &Caller,
    import_id: &str,
    kind: ImportKind,
    rows: rows::RowIter<'_>,
    submit: bool,
    write: bool,
) -> Result<(Counts, Problems), ApiError> {
    let mut counts = Counts::default();
    let mut errors = Problems::default();
    let mut cache = Cache::default();
    let mut seen_keys = std::collections::HashSet::new();
    let mut split: Option<kinds::SplitGroup> = None;
    // Agencies and reorganisation steps re-derive the aggregates once, at the end of the file.
    let batch = matches!(kind, ImportKind::Agencies | ImportKind::Reorganisation)
        .then(crate::aggregates::begin);
    // Values are checked before anything is written, so a rejected row leaves the transaction
    // usable; other kinds may fail in the database and run each row in a savepoint.
    let mut pending: Vec<figures::Figure> = Vec::new();
    let mut touched: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
        Default::default();
    // Where an import's time goes (logged at the end): checking rows, writing them, re-deriving
    // the KPI series they touched.
    let started = std::time::Instant::now();
    let batch_size = figures::batch_size(tx.conn().kind());
    let write_time = std::cell::Cell::new(std::time::Duration::ZERO);
    let mode = figures::Mode {
        submit,
        import_id: Some(import_id),
        skip_unchanged: true,
        write,
    };
    let flush = |conn: &mut DbConn, pending: &mut Vec<figures::Figure>, counts: &mut Counts| {
        let t = std::time::Instant::now();
        for written in figures::write(conn, caller, pending, mode)? {
            counts.add(match written {
                figures::Written::Created(_) => Outcome::Created,
                figures::Written::Updated(_) => Outcome::Updated,
                figures::Written::Unchanged => Outcome::Unchanged,
            });
        }
        pending.clear();
        write_time.set(write_time.get() + t.elapsed());
        Ok::<_, ApiError>(())
    };
    for row in rows {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                counts.rejected += 1;
                errors.push(file_error(e));
                continue;
            }
        };
        let key = match kind {
            ImportKind::IndicatorValues => format!(
                "{}|{}|{}",
                row.get("indicator_code").unwrap_or_default(),
                row.get("agency_code").unwrap_or_default(),
                row.get("period").unwrap_or_default()
            ),
            // The rows of one split name the same agency, each with another successor.
            ImportKind::Reorganisation if row.get("action") == Some("split") => format!(
                "{}|{}",
                row.get("agency_code").unwrap_or_default(),
                row.get("target_code").unwrap_or_default()
            ),
            ImportKind::Reorganisation => row.get("agency_code").unwrap_or_default().to_string(),
            _ => row.get("code").unwrap_or_default().to_string(),
        };
        if !key.is_empty() && !seen_keys.insert(key) {
            counts.rejected += 1;
            errors.push(RowError {
                row: row.number,
                field: match kind {
                    ImportKind::IndicatorValues => "period".into(),
                    ImportKind::Reorganisation => "agency_code".into(),
                    _ => "code".into(),
                },
                code: "duplicate_row".into(),
                message: "the same object appears earlier in the file".into(),
            });
            continue;
        }
        if kind == ImportKind::Reorganisation {
            // A split spans its consecutive rows: applied once the next row is not one of them.
            if split.as_ref().is_some_and(|g| !g.continues(&row)) {
                let group = split.take().expect("an open split");
                apply_split(tx, caller, &group, &mut counts, &mut errors)?;
            }
            if row.get("action") == Some("split") {
                if let Err(row_errors) =
                    kinds::split_row(tx.conn(), caller, &mut cache, &row, &mut split)
                {
                    counts.rejected += 1;
                    errors.extend(row_errors);
                }
                continue;
            }
        }
        let outcome = match kind {
            ImportKind::IndicatorValues => {
                match kinds::value(tx.conn(), caller, &mut cache, &row) {
                    Ok(v) => {
                        let (indicator, agency) = v.series();
                        touched
                            .entry(indicator.to_string())
                            .or_default()
                            .insert(agency.to_string());
                        pending.push(v);
                        if pending.len() >= batch_size {
                            flush(tx.conn(), &mut pending, &mut counts)?;
                        }
                        continue;
                    }
                    Err(e) => Err(e),
                }
            }
            // A row that fails in the database is undone alone and the import goes on checking.
            _ => tx.savepoint(|conn| match kind {
                ImportKind::Agencies => kinds::agency(conn, caller, &mut cache, &row),
                ImportKind::Tasks => kinds::task(conn, caller, &mut cache, &row),
                ImportKind::Indicators => kinds::indicator(conn, caller, &mut cache, &row),
                _ => kinds::reorganisation(conn, caller, &mut cache, &row),
            })?,
        };
        match outcome {
            Ok(o) => counts.add(o),
            Err(row_errors) => {
                counts.rejected += 1;
                errors.extend(row_errors);
            }
        }
    }
    if let Some(group) = split.take() {
        apply_split(tx, caller, &group, &mut counts, &mut errors)?;
    }
    if let Some(batch) = batch {
        if !errors.any {
            batch.finish(tx.conn())?;
        }
    }
    flush(tx.conn(), &mut pending, &mut counts)?;
    let refresh_started = std::time::Instant::now();
    if !errors.any && write {
        // The dashboards' KPI aggregates follow the figures written.
        crate::indicators::stats::refresh_many(tx.conn(), &touched)?;
    }
    let total = started.elapsed();
    let refresh = refresh_started.elapsed();
    tracing::info!(
        kind = kind.as_str(),
        rows = counts.created + counts.updated + counts.unchanged + counts.rejected,
        check_ms = (total - refresh - write_time.get()).as_millis() as u64,
        write_ms = write_time.get().as_millis() as u64,
        refresh_ms = refresh.as_millis() as u64,
        series = touched.values().map(|s| s.len()).sum::<usize>(),
        "import rows processed"
    );
    Ok((counts, errors))
}

struct Request {
    kind: ImportKind,
    /// `RESTRACK_IMPORT_MAX_ROWS`: a file with more rows is refused whole.
    max_rows: usize,
    body: web::Bytes,
    format: rows::FileFormat,
    dry_run: bool,
    submit: bool,
    idempotency_key: Option<String>,
    hash: String,
}

enum Claim {
    Fresh(String),
    Replay(ImportResult),
}

/// Claims the idempotency key (or replays / refuses), in its own committed transaction.
fn claim(conn: &mut DbConn, caller: &Caller, req: &Request) -> Result<Claim, ApiError> {
    let id = new_id();
    let Some(key) = &req.idempotency_key else {
        return Ok(Claim::Fresh(id));
    };
    crate::db::write_transaction(conn, |c| {
        let existing: Option<ImportRow> = imports::table
            .filter(imports::actor_id.eq(&caller.user_id))
            .filter(imports::idempotency_key.eq(key))
            .select(ImportRow::as_select())
            .first(c)
            .optional()?;
        if let Some(row) = existing {
            if row.request_hash.as_deref() != Some(req.hash.as_str()) {
                return Err(ApiError::invalid(
                    "Idempotency-Key",
                    "this key was used with a different request",
                ));
            }
            if row.status != ImportStatus::Running {
                return Ok(Claim::Replay(row.into()));
            }
            if row.started_at > now() - TimeDelta::minutes(ABANDONED_AFTER_MINUTES) {
                return Err(ApiError::conflict(
                    ErrorCode::ImportRunning,
                    "an import with this Idempotency-Key is still running",
                ));
            }
            diesel::delete(imports::table.find(&row.id)).execute(c)?;
        }
        diesel::insert_into(imports::table)
            .values((
                imports::id.eq(&id),
                imports::kind.eq(req.kind.as_str()),
                imports::actor_id.eq(&caller.user_id),
                imports::actor_name.eq(&caller.username),
                imports::agency_id.eq(&caller.agency_id),
                imports::idempotency_key.eq(key),
                imports::request_hash.eq(&req.hash),
                imports::dry_run.eq(req.dry_run),
                imports::status.eq("running"),
                imports::started_at.eq(now()),
            ))
            .execute(c)
            .map_err(|e| match e {
                diesel::result::Error::DatabaseError(
                    diesel::result::DatabaseErrorKind::UniqueViolation,
                    _,
                ) => ApiError::conflict(
                    ErrorCode::ImportRunning,
                    "an import with this Idempotency-Key is still running",
                ),
                other => other.into(),
            })?;
        Ok(Claim::Fresh(id))
    })
}

/// How an import ended.
struct Summary<'a> {
    status: ImportStatus,
    counts: &'a Counts,
    errors: &'a [RowError],
    started: NaiveDateTime,
}

/// Writes the import's history row (insert or finish the claimed one).
fn record(
    conn: &mut DbConn,
    caller: &Caller,
    req: &Request,
    id: &str,
    summary: Summary<'_>,
) -> Result<(), ApiError> {
    let Summary {
        status,
        counts,
        errors,
        started,
    } = summary;
    let errors_json = serde_json::to_string(errors)?;
    let finished = now();
    let updated = diesel::update(imports::table.find(id))
        .set((
            imports::status.eq(status_text(status)),
            imports::created_count.eq(counts.created as i32),
            imports::updated_count.eq(counts.updated as i32),
            imports::unchanged_count.eq(counts.unchanged as i32),
            imports::rejected_count.eq(counts.rejected as i32),
            imports::errors_json.eq(&errors_json),
            imports::finished_at.eq(Some(finished)),
        ))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(imports::table)
            .values((
                imports::id.eq(id),
                imports::kind.eq(req.kind.as_str()),
                imports::actor_id.eq(&caller.user_id),
                imports::actor_name.eq(&caller.username),
                imports::agency_id.eq(&caller.agency_id),
                imports::idempotency_key.eq(&req.idempotency_key),
                imports::request_hash.eq(&req.hash),
                imports::dry_run.eq(req.dry_run),
                imports::status.eq(status_text(status)),
                imports::created_count.eq(counts.created as i32),
                imports::updated_count.eq(counts.updated as i32),
                imports::unchanged_count.eq(counts.unchanged as i32),
                imports::rejected_count.eq(counts.rejected as i32),
                imports::errors_json.eq(&errors_json),
                imports::started_at.eq(started),
                imports::finished_at.eq(Some(finished)),
            ))
            .execute(conn)?;
    }
    Ok(())
}

fn load(conn: &mut DbConn, id: &str) -> Result<ImportResult, ApiError> {
    Ok(imports::table
        .find(id)
        .select(ImportRow::as_select())
        .first::<ImportRow>(conn)?
        .into())
}

fn run(conn: &mut DbConn, caller: &Caller, req: Request) -> Result<ImportResult, ApiError> {
    let id = match claim(conn, caller, &req)? {
        Claim::Replay(result) => return Ok(result),
        Claim::Fresh(id) => id,
    };
    let started = now();
    let finish = |conn: &mut DbConn, status, counts: &Counts, errors: &[RowError]| {
        crate::db::write_transaction(conn, |c| {
            record(
                c,
                caller,
                &req,
                &id,
                Summary {
                    status,
                    counts,
                    errors,
                    started,
                },
            )
        })
    };
    // The header is read and checked before any transaction: a malformed or absurdly wide file is
    // refused without touching the database.
    let rows = match rows::open(
        &req.body,
        req.format,
        req.kind.columns(),
        req.kind.required(),
    ) {
        Ok(rows) => rows,
        Err(file_errors) => {
            let errors: Vec<RowError> = file_errors
                .into_iter()
                .take(MAX_LISTED_ERRORS)
                .map(file_error)
                .collect();
            finish(conn, ImportStatus::Rejected, &Counts::default(), &errors)?;
            return load(conn, &id);
        }
    };
    // A dry run of figures writes nothing at all: a read-only transaction that takes no write
    // lock, so that every other writer goes on meanwhile. Other dry runs write and roll back.
    let write = !(req.dry_run && req.kind == ImportKind::IndicatorValues);
    let mut tx = Tx::begin(
        conn,
        if write {
            TxMode::Write
        } else {
            TxMode::ReadOnly
        },
    )?;
    let rows = rows::capped(rows, req.max_rows);
    let outcome = process(&mut tx, caller, &id, req.kind, rows, req.submit, write);
    let (counts, errors) = match outcome {
        Ok(v) => v,
        Err(e) => {
            drop(tx);
            if req.idempotency_key.is_some() {
                let _ = crate::db::write_transaction(conn, |c| {
                    Ok(diesel::delete(imports::table.find(&id)).execute(c)?)
                });
            }
            return Err(e);
        }
    };
    let status = match (errors.any, req.dry_run) {
        (true, _) => ImportStatus::Rejected,
        (false, true) => ImportStatus::Validated,
        (false, false) => ImportStatus::Applied,
    };
    if status == ImportStatus::Applied {
        // The data, its audit and the history row commit together, or not at all.
        record(
            tx.conn(),
            caller,
            &req,
            &id,
            Summary {
                status,
                counts: &counts,
                errors: &errors.kept,
                started,
            },
        )?;
        audit::record::<(), _>(
            tx.conn(),
            &caller.actor(),
            Change {
                action: "import",
                entity_type: "import",
                entity_id: &id,
                agency_id: Some(&caller.agency_id),
                before: None,
                after: Some(&counts),
            },
        )?;
        tx.commit()?;
    } else {
        tx.rollback()?;
        finish(conn, status, &counts, &errors.kept)?;
    }
    load(conn, &id)
}

/// Imports a CSV file (`text/csv`, UTF-8, header row), an Excel workbook (its first worksheet,
/// header in row 1) or a JSON array of objects with the same columns. All or nothing: any rejected row → status `rejected` (422) with every problem listed and
/// nothing written. Same `Idempotency-Key` and body → the first result again; a different body → 422;
/// while the first is still running → 409.
#[utoipa::path(
    tag = "imports",
    params(
        ("kind" = ImportKind, Path, description = "What the file imports"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe; scoped to the caller"),
        ImportQuery,
    ),
    request_body(description = "CSV with a header row, an Excel workbook (first worksheet, header in row 1), or a JSON array of objects", content(
        (String = "text/csv"),
        (Vec<Object> = "application/json"),
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Applied, or validated by a dry run", body = ImportResult),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "An import with this Idempotency-Key is still running", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 413, description = "The file is larger than the import limit", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Neither text/csv, application/json nor .xlsx", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Rejected: nothing was written; `errors` lists every row problem (`application/json`, the import's record). Or an `Idempotency-Key` used before with another request, or malformed (`application/problem+json` naming it)", content(
            (ImportResult = "application/json"),
            (crate::error::Problem = "application/problem+json"),
        )),
    )
)]
#[post("/imports/{kind}")]
pub async fn run_import(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    kind: web::Path<String>,
    query: Query<ImportQuery>,
    mut payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let kind = ImportKind::parse(&kind).ok_or_else(|| ApiError::not_found("import kind"))?;
    // Before a byte of the body is read: a caller who may not import this kind is refused at once.
    crate::policy::import(&caller, kind)?;
    let format = match req.mime_type() {
        Ok(Some(m)) if m.type_() == "text" && m.subtype() == "csv" => rows::FileFormat::Csv,
        Ok(Some(m)) if m.type_() == "application" && m.subtype() == "json" => {
            rows::FileFormat::Json
        }
        Ok(Some(m)) if m.essence_str() == xlsx::MEDIA_TYPE => rows::FileFormat::Xlsx,
        _ => {
            return Err(ApiError::unsupported_media_type(
                "text/csv, application/json or an Excel workbook (.xlsx)",
            ))
        }
    };
    let idempotency_key = match req.headers().get("idempotency-key") {
        None => None,
        Some(v) => Some(
            v.to_str()
                .ok()
                .map(str::trim)
                .filter(|k| !k.is_empty() && k.len() <= MAX_IDEMPOTENCY_KEY)
                .ok_or_else(|| {
                    ApiError::invalid(
                        "Idempotency-Key",
                        format!("must be 1 to {MAX_IDEMPOTENCY_KEY} visible characters"),
                    )
                })?
                .to_string(),
        ),
    };
    // Read the body as it streams in, refusing it as soon as it passes the limit.
    let limit = state.config.import_body_limit;
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| {
            ApiError::bad_request(
                ErrorCode::BadBody,
                format!("cannot read the request body: {e}"),
            )
        })?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::payload_too_large(limit));
        }
        body.extend_from_slice(&chunk);
    }
    let q = query.0;
    let (dry_run, submit) = (q.dry_run.unwrap_or(false), q.submit.unwrap_or(false));
    let mut hasher = Sha256::new();
    // CSV and JSON hash as before (`false`/`true`), so keys of earlier imports still replay.
    let format_tag = match format {
        rows::FileFormat::Csv => "false",
        rows::FileFormat::Json => "true",
        rows::FileFormat::Xlsx => "xlsx",
    };
    hasher.update(format!("{}|{}|{}|{}|", kind.as_str(), dry_run, submit, format_tag).as_bytes());
    hasher.update(&body);
    let request = Request {
        kind,
        max_rows: state.config.import_max_rows,
        body: body.freeze(),
        format,
        dry_run,
        submit,
        idempotency_key,
        hash: hex::encode(hasher.finalize()),
    };
    let result = state
        .db
        .run(move |conn| run(conn, &caller, request))
        .await?;
    Ok(respond(result))
}

/// The import history of the caller's subtree, newest first.
#[utoipa::path(tag = "imports", params(HistoryQuery), security(("bearer" = [])), responses((status = 200, body = Page<ImportResult>)))]
#[get("/imports")]
pub async fn list_imports(
    state: web::Data<AppState>,
    caller: Caller,
    query: Query<HistoryQuery>,
) -> Result<web::Json<Page<ImportResult>>, ApiError> {
    let q = query.0;
    let (limit, offset) = page::window(q.limit, q.offset)?;
    let page = state
        .db
        .run(move |conn| {
            let filtered = || {
                let mut sel = imports::table
                    .filter(imports::agency_id.eq_any(scope::subtree_ids(&caller.agency_id)))
                    .into_boxed();
                if let Some(k) = q.kind {
                    sel = sel.filter(imports::kind.eq(k.as_str()));
                }
                sel
            };
            let total: i64 = filtered().count().get_result(conn)?;
            let rows: Vec<ImportRow> = filtered()
                .order((imports::started_at.desc(), imports::id.desc()))
                .limit(limit)
                .offset(offset)
                .select(ImportRow::as_select())
                .load(conn)?;
            Ok(Page {
                items: rows
                    .into_iter()
                    .map(|r| {
                        let mut item = ImportResult::from(r);
                        item.errors.truncate(HISTORY_LISTED_ERRORS);
                        item
                    })
                    .collect(),
                total,
                limit,
                offset,
                next_cursor: None,
                removed: None,
            })
        })
        .await?;
    Ok(web::Json(page))
}

/// One import: who, when, kind, counts, status and errors.
///
/// Replaces `GET /imports/{id}`, whose path was the same template as `POST /imports/{kind}` (an
/// OpenAPI "MUST NOT"); that path still answers, undocumented, with `Deprecation` and a `Link` to
/// this one.
#[utoipa::path(
    tag = "imports",
    params(("id" = uuid::Uuid, Path, description = "Import id")),
    security(("bearer" = [])),
    responses((status = 200, body = ImportResult), (status = 404, body = crate::error::Problem, content_type = "application/problem+json"))
)]
#[get("/imports/runs/{id}")]
pub async fn get_import_run(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<ImportResult>, ApiError> {
    Ok(web::Json(read_import(&state, caller, &id).await?))
}

/// The day `GET /imports/{id}` was deprecated (RFC 9745 `Deprecation`, seconds since 1970).
const IMPORT_ALIAS_DEPRECATED: i64 = 1_796_601_600; // 2026-12-07T00:00:00Z

/// `GET /imports/{id}`: the deprecated alias of `GET /imports/runs/{id}` (not in the document;
/// docs/integration.md lists it).
pub async fn get_import_deprecated(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let result = read_import(&state, caller, &id).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Deprecation", format!("@{IMPORT_ALIAS_DEPRECATED}")))
        .insert_header((
            "Link",
            format!(
                "</api/v1/imports/runs/{}>; rel=\"successor-version\"",
                result.import_id
            ),
        ))
        .json(result))
}

async fn read_import(state: &AppState, caller: Caller, id: &str) -> Result<ImportResult, ApiError> {
    let id = object_id(id, "import")?;
    state
        .db
        .run(move |conn| {
            let visible: i64 = imports::table
                .filter(imports::id.eq(&id))
                .filter(imports::agency_id.eq_any(scope::subtree_ids(&caller.agency_id)))
                .count()
                .get_result(conn)?;
            if visible == 0 {
                return Err(ApiError::not_found("import"));
            }
            load(conn, &id)
        })
        .await
}
