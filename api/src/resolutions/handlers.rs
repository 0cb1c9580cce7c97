use actix_web::http::StatusCode;
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::{view, views, visible, Resolution, ResolutionRow, ResolutionStatus};
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db::schema::resolutions;
use crate::db::{new_id, now, DbConn};
use crate::error::{ApiError, ErrorCode, FieldCode, FieldError};
use crate::etag;
use crate::extract::{object_id, Json, Query, Visible};
use crate::page::{self, Page};
use crate::policy;
use crate::search::{self, search_fold};
use crate::state::AppState;
use crate::tasks::tree::ResolutionTree;
use crate::validate;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateResolution {
    #[validate(custom(function = "validate::code"))]
    #[schema(min_length = 1, max_length = 64, pattern = r"^[A-Za-z0-9._/-]+$")]
    pub code: String,
    #[validate(custom(function = "validate::name"))]
    #[schema(min_length = 1, max_length = 500, pattern = r"\S")]
    pub title: String,
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    #[serde(default)]
    pub summary: String,
    pub issued_on: Option<NaiveDate>,
    /// The agency that issued the resolution and owns its programme; in the caller's subtree.
    #[validate(custom(function = "validate::uuid"))]
    #[schema(format = Uuid)]
    pub owner_agency_id: String,
}

/// Fields to change; absent fields stay. `status` moves draft → active → closed only.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateResolution {
    #[validate(custom(function = "validate::code"))]
    #[schema(min_length = 1, max_length = 64, pattern = r"^[A-Za-z0-9._/-]+$")]
    pub code: Option<String>,
    #[validate(custom(function = "validate::name"))]
    #[schema(min_length = 1, max_length = 500, pattern = r"\S")]
    pub title: Option<String>,
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    pub summary: Option<String>,
    pub issued_on: Option<NaiveDate>,
    pub status: Option<ResolutionStatus>,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ResolutionQuery {
    pub status: Option<ResolutionStatus>,
    pub owner_agency_id: Option<String>,
    /// Matches code or title.
    #[validate(length(max = 200))]
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// Page size (default 50, at most 500; more is a 400).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

fn with_version(
    conn: &mut DbConn,
    caller: &Caller,
    row: ResolutionRow,
) -> Result<(Resolution, i32), ApiError> {
    let version = row.version;
    Ok((view(conn, caller, row)?, version))
}

fn code_taken(conn: &mut DbConn, code: &str, except: Option<&str>) -> Result<(), ApiError> {
    let mut q = resolutions::table
        .filter(resolutions::code.eq(code))
        .into_boxed();
    if let Some(id) = except {
        q = q.filter(resolutions::id.ne(id));
    }
    if q.count().get_result::<i64>(conn)? > 0 {
        let mut e = ApiError::conflict(
            ErrorCode::DuplicateCode,
            format!("a resolution with code {code} exists"),
        );
        e.errors = vec![FieldError::coded(
            "code",
            FieldCode::Duplicate,
            "is already used",
        )];
        return Err(e);
    }
    Ok(())
}

/// The resolutions the caller may see: those of the agencies above (which apply to the caller's
/// agency), those of its subtree, and those whose steering committee has the caller's agency (or
/// an agency above it) as a member or the standing agency.
#[utoipa::path(
    tag = "resolutions",
    params(ResolutionQuery),
    security(("bearer" = [])),
    responses((status = 200, body = Page<Resolution>))
)]
#[get("/resolutions")]
pub async fn list_resolutions(
    state: web::Data<AppState>,
    caller: Caller,
    query: Query<ResolutionQuery>,
) -> Result<web::Json<Page<Resolution>>, ApiError> {
    let q = query.0;
    let (limit, offset) = page::window(q.limit, q.offset)?;
    let page = state
        .db
        .run(move |conn| {
            let filtered = || {
                let mut sel = super::visible_to(&caller);
                if let Some(s) = q.status {
                    sel = sel.filter(resolutions::status.eq(s.as_str()));
                }
                if let Some(owner) = &q.owner_agency_id {
                    sel = sel.filter(resolutions::owner_agency_id.eq(owner.clone()));
                }
                if let Some(pattern) = q.q.as_deref().and_then(search::pattern) {
                    sel = sel.filter(
                        search_fold(resolutions::code)
                            .like(pattern.clone())
                            .escape('\\')
                            .or(search_fold(resolutions::title).like(pattern).escape('\\')),
                    );
                }
                sel
            };
            let total: i64 = filtered().count().get_result(conn)?;
            let rows: Vec<ResolutionRow> = filtered()
                .order((resolutions::issued_on.desc(), resolutions::code.asc()))
                .limit(limit)
                .offset(offset)
                .select(ResolutionRow::as_select())
                .load(conn)?;
            Ok(Page {
                items: views(conn, &caller, rows)?,
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

/// Creates a resolution in draft: the service behind `POST /resolutions`, the seeds and the CLI.
pub fn create_in(
    conn: &mut DbConn,
    caller: &Caller,
    input: CreateResolution,
) -> Result<(Resolution, i32), ApiError> {
    policy::plan_resolutions(caller)?;
    if !caller.sees_agency(conn, &input.owner_agency_id)? {
        return Err(ApiError::invalid_as(
            "owner_agency_id",
            FieldCode::NotFound,
            "no such agency in your scope",
        ));
    }
    code_taken(conn, &input.code, None)?;
    let id = new_id();
    let now = now();
    diesel::insert_into(resolutions::table)
        .values((
            resolutions::id.eq(&id),
            resolutions::code.eq(&input.code),
            resolutions::title.eq(input.title.trim()),
            resolutions::summary.eq(&input.summary),
            resolutions::issued_on.eq(input.issued_on),
            resolutions::owner_agency_id.eq(&input.owner_agency_id),
            resolutions::status.eq(ResolutionStatus::Draft.as_str()),
            resolutions::progress.eq(0.0),
            resolutions::version.eq(1),
            resolutions::created_at.eq(now),
            resolutions::updated_at.eq(now),
        ))
        .execute(conn)?;
    let row: ResolutionRow = resolutions::table
        .find(&id)
        .select(ResolutionRow::as_select())
        .first(conn)?;
    audit::record::<(), _>(
        conn,
        &caller.actor(),
        Change {
            action: "create",
            entity_type: "resolution",
            entity_id: &id,
            agency_id: Some(&row.owner_agency_id),
            before: None,
            after: Some(&row),
        },
    )?;
    with_version(conn, caller, row)
}

/// Creates a resolution in draft (planner or admin of the owner agency's subtree).
#[utoipa::path(
    tag = "resolutions",
    request_body = CreateResolution,
    security(("bearer" = [])),
    responses(
        (status = 201, body = Resolution, headers(("ETag" = String))),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Duplicate code", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/resolutions")]
pub async fn create_resolution(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<CreateResolution>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let row = state
        .db
        .write(move |conn| create_in(conn, &caller, input))
        .await?;
    Ok({
        let (body, version) = row;
        etag::tagged(StatusCode::CREATED, version, &body)
    })
}

/// One resolution.
#[utoipa::path(
    tag = "resolutions",
    params(("id" = uuid::Uuid, Path, description = "Resolution id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Resolution, headers(("ETag" = String))),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/resolutions/{id}")]
pub async fn get_resolution(
    state: web::Data<AppState>,
    resolution: Visible<ResolutionRow>,
) -> Result<HttpResponse, ApiError> {
    let Visible { caller, object } = resolution;
    let row = state
        .db
        .run(move |conn| with_version(conn, &caller, object))
        .await?;
    Ok({
        let (body, version) = row;
        etag::tagged(StatusCode::OK, version, &body)
    })
}

/// Changes a resolution (its status among them): the service behind `PATCH /resolutions/{id}` and
/// the seeds. `if_match` is the request's precondition; `None` outside a request.
pub fn update_in(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    input: UpdateResolution,
    if_match: Option<Result<String, ApiError>>,
) -> Result<(Resolution, i32), ApiError> {
    let before = visible(conn, caller, id)?;
    policy::edit_resolution(
        caller,
        super::committee::owner_side_in_scope(conn, caller, &before)?,
    )?;
    if let Some(if_match) = if_match {
        etag::check(&if_match?, before.version)?;
    }
    let current = before.status;
    if current == ResolutionStatus::Closed {
        return Err(ApiError::conflict(
            ErrorCode::ResolutionClosed,
            "a closed resolution cannot be changed",
        ));
    }
    if let Some(next) = input.status {
        if !current.can_become(next) {
            return Err(ApiError::conflict(
                ErrorCode::IllegalTransition,
                format!(
                    "a {} resolution cannot become {}",
                    current.as_str(),
                    next.as_str()
                ),
            ));
        }
    }
    if let Some(code) = &input.code {
        code_taken(conn, code, Some(id))?;
    }
    diesel::update(resolutions::table.find(id))
        .set((
            input.code.as_ref().map(|c| resolutions::code.eq(c)),
            input
                .title
                .as_ref()
                .map(|t| resolutions::title.eq(t.trim())),
            input.summary.as_ref().map(|s| resolutions::summary.eq(s)),
            input.issued_on.map(|d| resolutions::issued_on.eq(Some(d))),
            input.status.map(|s| resolutions::status.eq(s.as_str())),
            resolutions::version.eq(resolutions::version + 1),
            resolutions::updated_at.eq(now()),
        ))
        .execute(conn)?;
    let after: ResolutionRow = resolutions::table
        .find(id)
        .select(ResolutionRow::as_select())
        .first(conn)?;
    audit::record(
        conn,
        &caller.actor(),
        Change {
            action: if input.status.is_some_and(|s| s != current) {
                "status_change"
            } else {
                "update"
            },
            entity_type: "resolution",
            entity_id: id,
            agency_id: Some(&after.owner_agency_id),
            before: Some(&before),
            after: Some(&after),
        },
    )?;
    with_version(conn, caller, after)
}

/// Changes a resolution (planner or admin of the owner's subtree); needs `If-Match`. Status moves
/// draft → active → closed; any other move is 409. A closed resolution cannot be changed.
#[utoipa::path(
    tag = "resolutions",
    params(
        ("id" = uuid::Uuid, Path, description = "Resolution id"),
        ("If-Match" = String, Header, description = "The ETag from the last read"),
    ),
    request_body = UpdateResolution,
    security(("bearer" = [])),
    responses(
        (status = 200, body = Resolution, headers(("ETag" = String))),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Duplicate code, illegal status change or closed resolution", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/resolutions/{id}")]
pub async fn update_resolution(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    id: web::Path<String>,
    body: Json<UpdateResolution>,
) -> Result<HttpResponse, ApiError> {
    let id = object_id(&id, "resolution")?;
    let if_match = etag::required_if_match(&req);
    let input = body.0;
    let row = state
        .db
        .write(move |conn| update_in(conn, &caller, &id, input, Some(if_match)))
        .await?;
    Ok({
        let (body, version) = row;
        etag::tagged(StatusCode::OK, version, &body)
    })
}

/// The resolution with its whole task tree (the tasks the caller may see), nested, with rolled-up
/// progress and health, in a fixed number of queries.
#[utoipa::path(
    tag = "resolutions",
    params(("id" = uuid::Uuid, Path, description = "Resolution id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = ResolutionTree),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/resolutions/{id}/tree")]
pub async fn resolution_tree(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<ResolutionTree>, ApiError> {
    let id = object_id(&id, "resolution")?;
    let tree = state
        .db
        .run(move |conn| {
            let resolution = visible(conn, &caller, &id)?;
            crate::tasks::tree::load(conn, &caller, resolution)
        })
        .await?;
    Ok(web::Json(tree))
}
