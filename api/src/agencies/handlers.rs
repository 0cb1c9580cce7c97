use actix_web::http::StatusCode;
use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::tree::{self as closure, NewAgency};
use super::{Agency, AgencyKind, AgencyRow, AgencyStatus};
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db::schema::{agencies, agency_closure, users};
use crate::db::{now, DbConn};
use crate::error::{ApiError, ErrorCode, FieldCode};
use crate::etag;
use crate::extract::{object_id, Json, Query, Visible};
use crate::page::{self, Page};
use crate::scope;
use crate::search;
use crate::state::AppState;
use crate::validate;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateAgency {
    #[validate(custom(function = "validate::code"))]
    #[schema(min_length = 1, max_length = 64, pattern = r"^[A-Za-z0-9._/-]+$")]
    pub code: String,
    /// The state's official code of the administrative unit, unique when set.
    #[validate(custom(function = "validate::official_code"))]
    #[schema(min_length = 1, max_length = 16, pattern = r"^[A-Za-z0-9]+$")]
    #[serde(default)]
    pub official_code: Option<String>,
    #[validate(custom(function = "validate::name"))]
    #[schema(min_length = 1, max_length = 500, pattern = r"\S")]
    pub name: String,
    pub kind: AgencyKind,
    /// The parent agency; it must be in the caller's subtree.
    #[validate(custom(function = "validate::uuid"))]
    #[schema(format = Uuid)]
    pub parent_id: String,
    /// The day the agency was established: today (the default) or a past day, from which its
    /// history begins (`?as_of=` shows it from then on).
    #[serde(default)]
    pub established_on: Option<chrono::NaiveDate>,
    /// The head of the sector line the agency joins (docs/roles.md): an active ministry, or a
    /// department the caller sees.
    #[serde(default)]
    #[validate(custom(function = "validate::uuid"))]
    #[schema(format = Uuid)]
    pub sector_ministry_id: Option<String>,
}

/// Fields to change; absent fields stay as they are. Changing `parent_id` moves the agency with
/// its whole subtree.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateAgency {
    #[validate(custom(function = "validate::code"))]
    #[schema(min_length = 1, max_length = 64, pattern = r"^[A-Za-z0-9._/-]+$")]
    pub code: Option<String>,
    /// Sets the official code (absent: it stays).
    #[validate(custom(function = "validate::official_code"))]
    #[schema(min_length = 1, max_length = 16, pattern = r"^[A-Za-z0-9]+$")]
    pub official_code: Option<String>,
    #[validate(custom(function = "validate::name"))]
    #[schema(min_length = 1, max_length = 500, pattern = r"\S")]
    pub name: Option<String>,
    pub kind: Option<AgencyKind>,
    #[validate(custom(function = "validate::uuid"))]
    #[schema(format = Uuid)]
    pub parent_id: Option<String>,
    /// Moves the agency into another sector line; `null` takes it out of its line, absent leaves it.
    #[serde(default, deserialize_with = "validate::null_or")]
    #[validate(custom(function = "validate::uuid"))]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub sector_ministry_id: Option<Option<String>>,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AgencyQuery {
    /// Only the direct children of this agency.
    pub parent_id: Option<String>,
    /// Matches code or name (case-insensitive for unaccented letters).
    #[validate(length(max = 200))]
    #[param(max_length = 200)]
    pub q: Option<String>,
    pub kind: Option<AgencyKind>,
    pub status: Option<AgencyStatus>,
    /// The agency with this official code.
    #[validate(custom(function = "validate::official_code"))]
    #[param(min_length = 1, max_length = 16)]
    pub official_code: Option<String>,
    /// The agencies as they were at the end of this day (code, name, kind, parent, status), among
    /// those of the caller's subtree today.
    pub as_of: Option<chrono::NaiveDate>,
    /// Change feed: the agencies changed at or after this instant (RFC 3339), oldest change first,
    /// with those deleted, merged, split or dissolved in `removed` (docs/integration.md, "Change feeds").
    pub updated_since: Option<chrono::DateTime<chrono::Utc>>,
    /// Change feed: the page after this `next_cursor`.
    #[validate(length(max = 128))]
    #[param(max_length = 128)]
    pub cursor: Option<String>,
    /// Page size (default 50, at most 500; more is a 400).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct TreeQuery {
    /// How many levels below the agency to include (default: all).
    #[validate(range(min = 0, max = 20))]
    #[param(minimum = 0, maximum = 20)]
    pub depth: Option<i32>,
    /// The tree as it was at the end of this day.
    pub as_of: Option<chrono::NaiveDate>,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AsOfQuery {
    /// The agency as it was at the end of this day (404 if it did not exist yet).
    pub as_of: Option<chrono::NaiveDate>,
}

/// `status` as stored.
/// An agency with its sub-agencies.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgencyNode {
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: AgencyKind,
    pub status: AgencyStatus,
    pub parent_id: Option<String>,
    /// What the caller may do with this agency now (nothing, for a past day's hierarchy).
    pub actions: crate::policy::AgencyActions,
    #[schema(no_recursion)]
    pub children: Vec<AgencyNode>,
}

/// The agency as the caller sees it, with its `ETag`.
pub fn with_etag(row: AgencyRow, caller: &Caller, status: StatusCode) -> HttpResponse {
    etag::tagged(status, row.version, &Agency::view(row, caller))
}

/// Loads an agency the caller may see, else 404.
pub fn visible(conn: &mut DbConn, caller: &Caller, id: &str) -> Result<AgencyRow, ApiError> {
    agencies::table
        .filter(agencies::id.eq(id))
        .filter(agencies::id.eq_any(scope::subtree_ids(&caller.agency_id)))
        .select(AgencyRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("agency"))
}

impl crate::extract::Load for AgencyRow {
    const WHAT: &'static str = "agency";
    fn load(conn: &mut DbConn, caller: &Caller, id: &str) -> Result<Self, ApiError> {
        visible(conn, caller, id)
    }
}

fn unknown_parent() -> ApiError {
    ApiError::invalid_as(
        "parent_id",
        FieldCode::NotFound,
        "no such agency in your scope",
    )
}

fn code_taken(conn: &mut DbConn, code: &str, except: Option<&str>) -> Result<bool, ApiError> {
    let mut q = agencies::table.filter(agencies::code.eq(code)).into_boxed();
    if let Some(id) = except {
        q = q.filter(agencies::id.ne(id));
    }
    Ok(q.count().get_result::<i64>(conn)? > 0)
}

fn official_code_taken(
    conn: &mut DbConn,
    code: &str,
    except: Option<&str>,
) -> Result<Option<ApiError>, ApiError> {
    let mut q = agencies::table
        .filter(agencies::official_code.eq(code))
        .into_boxed();
    if let Some(id) = except {
        q = q.filter(agencies::id.ne(id));
    }
    if q.count().get_result::<i64>(conn)? == 0 {
        return Ok(None);
    }
    let mut e = ApiError::conflict(
        ErrorCode::DuplicateCode,
        format!("an agency with official code {code} exists"),
    );
    e.errors = vec![crate::error::FieldError::coded(
        "official_code",
        FieldCode::Duplicate,
        "is already used",
    )];
    Ok(Some(e))
}

fn duplicate_code(code: &str) -> ApiError {
    let mut e = ApiError::conflict(
        ErrorCode::DuplicateCode,
        format!("an agency with code {code} exists"),
    );
    e.errors = vec![crate::error::FieldError::coded(
        "code",
        FieldCode::Duplicate,
        "is already used",
    )];
    e
}

/// Lists the agencies in the caller's subtree.
#[utoipa::path(
    tag = "agencies",
    params(AgencyQuery),
    security(("bearer" = [])),
    responses((status = 200, body = Page<Agency>))
)]
#[get("/agencies")]
pub async fn list_agencies(
    state: web::Data<AppState>,
    caller: Caller,
    query: Query<AgencyQuery>,
) -> Result<web::Json<Page<Agency>>, ApiError> {
    let q = query.0;
    let (limit, offset) = page::window(q.limit, q.offset)?;
    let feed = crate::changes::Feed::of(
        q.updated_since,
        q.cursor.as_deref(),
        q.offset,
        limit,
        state.config.change_feed_lag_secs,
    )?;
    if let Some(feed) = &feed {
        feed.without("as_of", q.as_of.is_some())?;
    }
    let page = state
        .db
        .run(move |conn| {
            if let Some(date) = q.as_of {
                let text = q.q.as_deref().map(|t| t.trim().to_lowercase());
                let rows: Vec<AgencyRow> = match &q.parent_id {
                    Some(parent) => {
                        super::history::children_as_of(conn, &caller.agency_id, parent, date)?
                    }
                    None => super::history::as_of(conn, &caller.agency_id, date)?,
                }
                .into_iter()
                .filter(|r| q.parent_id.is_none() || r.parent_id == q.parent_id)
                .filter(|r| q.kind.is_none_or(|k| r.kind == k))
                .filter(|r| q.status.is_none_or(|s| r.status == s))
                .filter(|_| q.official_code.is_none())
                .filter(|r| {
                    text.as_deref().is_none_or(|t| {
                        t.is_empty()
                            || r.code.to_lowercase().contains(t)
                            || r.name.to_lowercase().contains(t)
                    })
                })
                .collect();
                return Ok(Page {
                    total: rows.len() as i64,
                    items: rows
                        .into_iter()
                        .skip(offset as usize)
                        .take(limit as usize)
                        .map(Agency::past)
                        .collect(),
                    limit,
                    offset,
                    next_cursor: None,
                    removed: None,
                });
            }
            let filtered = || {
                let mut sel = agencies::table
                    .filter(agencies::id.eq_any(scope::subtree_ids(&caller.agency_id)))
                    .into_boxed();
                if let Some(parent) = &q.parent_id {
                    sel = sel.filter(agencies::parent_id.eq(parent.clone()));
                }
                if let Some(kind) = q.kind {
                    sel = sel.filter(agencies::kind.eq(kind.as_str()));
                }
                if let Some(status) = q.status {
                    sel = sel.filter(agencies::status.eq(status.as_str()));
                }
                if let Some(official) = &q.official_code {
                    sel = sel.filter(agencies::official_code.eq(official.clone()));
                }
                if let Some(pattern) = q.q.as_deref().and_then(search::pattern) {
                    sel = sel.filter(crate::agencies::code_or_name_like(pattern));
                }
                sel
            };
            if let Some(feed) = &feed {
                return crate::changes::feed_page!(
                    conn,
                    &caller,
                    feed,
                    filtered,
                    agencies,
                    AgencyRow,
                    Some(crate::changes::RemovedEntity::Agency),
                    |_, rows| Ok(rows.into_iter().map(|r| Agency::view(r, &caller)).collect())
                );
            }
            let total: i64 = filtered().count().get_result(conn)?;
            let rows: Vec<AgencyRow> = filtered()
                .order((agencies::depth.asc(), agencies::code.asc()))
                .limit(limit)
                .offset(offset)
                .select(AgencyRow::as_select())
                .load(conn)?;
            Ok(Page {
                items: rows.into_iter().map(|r| Agency::view(r, &caller)).collect(),
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

pub fn create_in(
    conn: &mut DbConn,
    caller: &Caller,
    input: CreateAgency,
) -> Result<AgencyRow, ApiError> {
    crate::policy::manage_agencies(caller)?;
    if input
        .established_on
        .is_some_and(|d| d > crate::tasks::today())
    {
        return Err(ApiError::invalid(
            "established_on",
            "must be today or a past day: an agency is recorded once it is established",
        ));
    }
    let parent = visible(conn, caller, &input.parent_id).map_err(|_| unknown_parent())?;
    if parent.status != AgencyStatus::Active {
        return Err(ApiError::invalid(
            "parent_id",
            "the parent agency is not active",
        ));
    }
    if code_taken(conn, &input.code, None)? {
        return Err(duplicate_code(&input.code));
    }
    if let Some(official) = &input.official_code {
        if let Some(e) = official_code_taken(conn, official, None)? {
            return Err(e);
        }
    }
    if let Some(head) = &input.sector_ministry_id {
        crate::sectors::check_head(conn, caller, None, head)?;
    }
    let start = super::history::step_start();
    let id = closure::insert(
        conn,
        NewAgency {
            code: &input.code,
            name: input.name.trim(),
            kind: input.kind.as_str(),
            parent_id: Some(&parent.id),
        },
    )?;
    diesel::update(agencies::table.find(&id))
        .set((
            agencies::official_code.eq(&input.official_code),
            agencies::established_on.eq(input.established_on.unwrap_or_else(crate::tasks::today)),
            agencies::sector_ministry_id.eq(&input.sector_ministry_id),
        ))
        .execute(conn)?;
    if input.sector_ministry_id.is_some() {
        crate::sectors::rebuild(conn)?;
    }
    if let Some(day) = input.established_on {
        super::history::backdate(conn, start, day, std::slice::from_ref(&id), &[])?;
    }
    let row: AgencyRow = agencies::table
        .find(&id)
        .select(AgencyRow::as_select())
        .first(conn)?;
    audit::record::<(), _>(
        conn,
        &caller.actor(),
        Change {
            action: "create",
            entity_type: "agency",
            entity_id: &id,
            agency_id: row.parent_id.as_deref(),
            before: None,
            after: Some(&row),
        },
    )?;
    Ok(row)
}

/// Creates an agency under a parent in the caller's subtree (admin, agency_admin).
#[utoipa::path(
    tag = "agencies",
    request_body = CreateAgency,
    security(("bearer" = [])),
    responses(
        (status = 201, body = Agency, headers(("ETag" = String))),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Duplicate code", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/agencies")]
pub async fn create_agency(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<CreateAgency>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let viewer = caller.clone();
    let row = state
        .db
        .write(move |conn| create_in(conn, &caller, input))
        .await?;
    Ok(with_etag(row, &viewer, StatusCode::CREATED))
}

/// One agency of the caller's subtree.
#[utoipa::path(
    tag = "agencies",
    params(("id" = uuid::Uuid, Path, description = "Agency id"), AsOfQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The agency (with `ETag` unless `as_of` is given)", body = Agency, headers(("ETag" = String))),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/agencies/{id}")]
pub async fn get_agency(
    state: web::Data<AppState>,
    agency: Visible<AgencyRow>,
    query: Query<AsOfQuery>,
) -> Result<HttpResponse, ApiError> {
    let Visible { caller, object } = agency;
    let Some(date) = query.0.as_of else {
        return Ok(with_etag(object, &caller, StatusCode::OK));
    };
    let row = state
        .db
        .run(move |conn| {
            super::history::as_of(conn, &caller.agency_id, date)?
                .into_iter()
                .find(|r| r.id == object.id)
                .ok_or_else(|| ApiError::not_found("agency"))
        })
        .await?;
    Ok(HttpResponse::Ok().json(Agency::past(row)))
}

pub fn update_in(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    input: UpdateAgency,
    if_match: Option<Result<String, ApiError>>,
) -> Result<AgencyRow, ApiError> {
    let before = visible(conn, caller, id)?;
    crate::policy::manage_agencies(caller)?;
    let changes_identity = input.code.as_ref().is_some_and(|c| *c != before.code)
        || input.kind.is_some_and(|k| k != before.kind)
        || input
            .official_code
            .as_ref()
            .is_some_and(|c| before.official_code.as_ref() != Some(c))
        || input
            .parent_id
            .as_ref()
            .is_some_and(|p| before.parent_id.as_ref() != Some(p))
        || input
            .sector_ministry_id
            .as_ref()
            .is_some_and(|head| *head != before.sector_ministry_id);
    crate::policy::edit_agency(caller, before.id == caller.agency_id, changes_identity)?;
    if let Some(tag) = if_match {
        etag::check(&tag?, before.version)?;
    }
    if let Some(code) = &input.code {
        if code_taken(conn, code, Some(id))? {
            return Err(duplicate_code(code));
        }
    }
    if let Some(official) = &input.official_code {
        if let Some(e) = official_code_taken(conn, official, Some(id))? {
            return Err(e);
        }
    }
    let sector_changes = input
        .sector_ministry_id
        .as_ref()
        .filter(|head| **head != before.sector_ministry_id);
    if let Some(Some(head)) = sector_changes {
        crate::sectors::check_head(conn, caller, Some(id), head)?;
    }
    if let Some(new_parent) = input.parent_id.as_deref() {
        if before.parent_id.as_deref() != Some(new_parent) {
            if before.parent_id.is_none() {
                return Err(ApiError::invalid(
                    "parent_id",
                    "the root agency has no parent",
                ));
            }
            let parent = visible(conn, caller, new_parent).map_err(|_| unknown_parent())?;
            if scope::contains(conn, id, &parent.id)? {
                return Err(ApiError::invalid(
                    "parent_id",
                    "would make the agency its own ancestor (a cycle)",
                ));
            }
            if parent.status != AgencyStatus::Active {
                return Err(ApiError::invalid(
                    "parent_id",
                    "the parent agency is not active",
                ));
            }
            closure::move_subtree(conn, id, &parent.id)?;
        }
    }
    diesel::update(agencies::table.find(&id))
        .set((
            input.code.as_ref().map(|c| agencies::code.eq(c)),
            input
                .official_code
                .as_ref()
                .map(|c| agencies::official_code.eq(c)),
            input.name.as_ref().map(|n| agencies::name.eq(n.trim())),
            input.kind.map(|k| agencies::kind.eq(k.as_str())),
            sector_changes.map(|head| agencies::sector_ministry_id.eq(head)),
            agencies::version.eq(agencies::version + 1),
            agencies::updated_at.eq(now()),
        ))
        .execute(conn)?;
    let after: AgencyRow = agencies::table
        .find(&id)
        .select(AgencyRow::as_select())
        .first(conn)?;
    if after.sector_ministry_id != before.sector_ministry_id {
        crate::sectors::rebuild(conn)?;
    }
    if after.parent_id != before.parent_id
        || after.kind != before.kind
        || after.sector_ministry_id != before.sector_ministry_id
    {
        // Which agencies report which indicators follows the tree and the kinds.
        crate::indicators::stats::refresh_all(conn)?;
    }
    audit::record(
        conn,
        &caller.actor(),
        Change {
            action: "update",
            entity_type: "agency",
            entity_id: id,
            agency_id: after.parent_id.as_deref().or(Some(id)),
            before: Some(&before),
            after: Some(&after),
        },
    )?;
    Ok(after)
}

/// Changes an agency (admin, agency_admin); needs `If-Match`. A new `parent_id` moves the agency
/// with its subtree; a parent inside the subtree is a cycle (422).
#[utoipa::path(
    tag = "agencies",
    params(
        ("id" = uuid::Uuid, Path, description = "Agency id"),
        ("If-Match" = String, Header, description = "The ETag from the last read"),
    ),
    request_body = UpdateAgency,
    security(("bearer" = [])),
    responses(
        (status = 200, body = Agency, headers(("ETag" = String))),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Duplicate code", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/agencies/{id}")]
pub async fn update_agency(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    id: web::Path<String>,
    body: Json<UpdateAgency>,
) -> Result<HttpResponse, ApiError> {
    let id = object_id(&id, "agency")?;
    let input = body.0;
    let if_match = etag::required_if_match(&req);
    let viewer = caller.clone();
    let row = state
        .db
        .write(move |conn| update_in(conn, &caller, &id, input, Some(if_match)))
        .await?;
    Ok(with_etag(row, &viewer, StatusCode::OK))
}

/// Deletes an agency that has no sub-agencies, users or other records (admin, agency_admin);
/// needs `If-Match`. Agencies that stop existing in a reorganisation are merged, not deleted.
#[utoipa::path(
    tag = "agencies",
    params(
        ("id" = uuid::Uuid, Path, description = "Agency id"),
        ("If-Match" = String, Header, description = "The ETag from the last read"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Still has sub-agencies, users or records", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/agencies/{id}")]
pub async fn delete_agency(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = object_id(&id, "agency")?;
    let if_match = etag::required_if_match(&req);
    state
        .db
        .write(move |conn| {
            let before = visible(conn, &caller, &id)?;
            crate::policy::delete_agency(&caller, before.id == caller.agency_id)?;
            etag::check(&if_match?, before.version)?;
            let children: i64 = agencies::table
                .filter(agencies::parent_id.eq(&id))
                .count()
                .get_result(conn)?;
            if children > 0 {
                return Err(ApiError::conflict(
                    ErrorCode::HasChildren,
                    format!("the agency has {children} sub-agencies"),
                ));
            }
            let members: i64 = users::table
                .filter(users::agency_id.eq(&id))
                .count()
                .get_result(conn)?;
            if members > 0 {
                return Err(ApiError::conflict(
                    ErrorCode::HasUsers,
                    format!("the agency has {members} user accounts"),
                ));
            }
            closure::delete_leaf(conn, &id)?;
            crate::changes::record_removal(
                conn,
                crate::changes::RemovedEntity::Agency,
                &id,
                crate::changes::RemovalReason::Deleted,
                None,
                before.parent_id.as_deref().unwrap_or(&id),
            )?;
            audit::record::<_, ()>(
                conn,
                &caller.actor(),
                Change {
                    action: "delete",
                    entity_type: "agency",
                    entity_id: &id,
                    agency_id: before.parent_id.as_deref(),
                    before: Some(&before),
                    after: None,
                },
            )
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The agency and everything below it, nested, in one query.
#[utoipa::path(
    tag = "agencies",
    params(("id" = uuid::Uuid, Path, description = "Agency id"), TreeQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, body = AgencyNode),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/agencies/{id}/tree")]
pub async fn agency_tree(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    query: Query<TreeQuery>,
) -> Result<web::Json<AgencyNode>, ApiError> {
    let id = object_id(&id, "agency")?;
    let max_depth = query.0.depth;
    let as_of = query.0.as_of;
    let node = state
        .db
        .run(move |conn| {
            let root = visible(conn, &caller, &id)?;
            if let Some(date) = as_of {
                let rows = super::history::as_of(conn, &caller.agency_id, date)?;
                let root_depth = rows
                    .iter()
                    .find(|r| r.id == id)
                    .map(|r| r.depth)
                    .ok_or_else(|| ApiError::not_found("agency"))?;
                let rows = rows
                    .into_iter()
                    .filter(|r| max_depth.is_none_or(|d| r.depth - root_depth <= d))
                    .collect();
                return build_tree(id.clone(), rows, Agency::past)
                    .ok_or_else(|| ApiError::not_found("agency"));
            }
            let mut q = agencies::table
                .inner_join(
                    agency_closure::table.on(agency_closure::descendant_id.eq(agencies::id)),
                )
                .filter(agency_closure::ancestor_id.eq(&id))
                .into_boxed();
            if let Some(d) = max_depth {
                q = q.filter(agency_closure::depth.le(d));
            }
            let rows: Vec<AgencyRow> = q
                .order((agencies::depth.asc(), agencies::code.asc()))
                .select(AgencyRow::as_select())
                .load(conn)?;
            build_tree(root.id.clone(), rows, |r| Agency::view(r, &caller))
                .ok_or_else(|| ApiError::not_found("agency"))
        })
        .await?;
    Ok(web::Json(node))
}

fn build_tree(
    root_id: String,
    rows: Vec<AgencyRow>,
    view: impl Fn(AgencyRow) -> Agency,
) -> Option<AgencyNode> {
    use std::collections::HashMap;
    let mut children: HashMap<String, Vec<AgencyRow>> = HashMap::new();
    let mut root = None;
    for row in rows {
        if row.id == root_id {
            root = Some(row);
        } else if let Some(parent) = row.parent_id.clone() {
            children.entry(parent).or_default().push(row);
        }
    }
    fn attach(
        row: AgencyRow,
        children: &mut HashMap<String, Vec<AgencyRow>>,
        view: &dyn Fn(AgencyRow) -> Agency,
    ) -> AgencyNode {
        let kids = children.remove(&row.id).unwrap_or_default();
        let agency = view(row);
        AgencyNode {
            children: kids
                .into_iter()
                .map(|k| attach(k, children, view))
                .collect(),
            actions: agency.actions,
            id: agency.id,
            code: agency.code,
            name: agency.name,
            kind: agency.kind,
            status: agency.status,
            parent_id: agency.parent_id,
        }
    }
    root.map(|r| attach(r, &mut children, &view))
}
