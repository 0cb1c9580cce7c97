//! Indicator sets: how a province issues its "index for management and administration" — a named,
//! versioned list of weighted indicators. draft → published; a published version is immutable and a
//! new version starts as a copy of the latest one.

use actix_web::http::StatusCode;
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db::schema::{indicator_set_items, indicator_sets};
use crate::db::{new_id, now, DbConn};
use crate::error::{ApiError, ErrorCode, FieldCode, FieldError};
use crate::etag;
use crate::extract::{object_id, Json, Query};
use crate::page::{self, Page};
use crate::scope;
use crate::state::AppState;
use crate::validate;

text_enum!(
    /// A set is drafted, then published (its version then fixed).
    SetStatus { Draft => "draft", Published => "published" }
);

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct SetItem {
    #[schema(format = Uuid)]
    pub indicator_id: String,
    #[validate(range(exclusive_min = 0.0, max = 1000.0))]
    #[schema(maximum = 1000.0, exclusive_minimum = 0.0)]
    pub weight: f64,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = indicator_sets)]
pub struct SetRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub owner_agency_id: String,
    pub set_version: i32,
    #[diesel(deserialize_as = String)]
    pub status: SetStatus,
    pub published_at: Option<NaiveDateTime>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorSet {
    pub id: String,
    /// Shared by every version of the set.
    pub code: String,
    pub name: String,
    pub owner_agency_id: String,
    /// 1, 2, …
    pub set_version: i32,
    pub status: SetStatus,
    pub published_at: Option<DateTime<Utc>>,
    pub items: Vec<SetItem>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateSet {
    #[validate(custom(function = "validate::code"))]
    #[schema(min_length = 1, max_length = 64, pattern = r"^[A-Za-z0-9._/-]+$")]
    pub code: String,
    #[validate(custom(function = "validate::name"))]
    #[schema(min_length = 1, max_length = 500, pattern = r"\S")]
    pub name: String,
    #[validate(custom(function = "validate::uuid"))]
    #[schema(format = Uuid)]
    pub owner_agency_id: String,
    #[serde(default)]
    #[validate(length(max = 500), nested)]
    #[schema(max_items = 500)]
    pub items: Vec<SetItem>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateSet {
    #[validate(custom(function = "validate::name"))]
    #[schema(min_length = 1, max_length = 500, pattern = r"\S")]
    pub name: Option<String>,
    #[validate(length(max = 500), nested)]
    #[schema(max_items = 500)]
    pub items: Option<Vec<SetItem>>,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SetQuery {
    /// A set's code (at most 64 characters, as codes are).
    #[param(max_length = 64)]
    #[validate(length(max = 64))]
    pub code: Option<String>,
    /// Page size (default 50, at most 500; more is a 400).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

fn items_of(conn: &mut DbConn, id: &str) -> Result<Vec<SetItem>, ApiError> {
    Ok(indicator_set_items::table
        .filter(indicator_set_items::set_id.eq(id))
        .select((
            indicator_set_items::indicator_id,
            indicator_set_items::weight,
        ))
        .order(indicator_set_items::indicator_id)
        .load::<(String, f64)>(conn)?
        .into_iter()
        .map(|(indicator_id, weight)| SetItem {
            indicator_id,
            weight,
        })
        .collect())
}

fn view(conn: &mut DbConn, r: SetRow) -> Result<IndicatorSet, ApiError> {
    Ok(IndicatorSet {
        items: items_of(conn, &r.id)?,
        status: r.status,
        published_at: r.published_at.map(|t| t.and_utc()),
        id: r.id,
        code: r.code,
        name: r.name,
        owner_agency_id: r.owner_agency_id,
        set_version: r.set_version,
        created_at: r.created_at.and_utc(),
        updated_at: r.updated_at.and_utc(),
    })
}

fn prepare(conn: &mut DbConn, r: SetRow) -> Result<(IndicatorSet, i32), ApiError> {
    let version = r.version;
    Ok((view(conn, r)?, version))
}

fn visible(conn: &mut DbConn, caller: &Caller, id: &str) -> Result<SetRow, ApiError> {
    indicator_sets::table
        .filter(indicator_sets::id.eq(id))
        .filter(
            indicator_sets::owner_agency_id
                .eq_any(scope::subtree_ids(&caller.agency_id))
                .or(indicator_sets::owner_agency_id.eq_any(scope::ancestor_ids(&caller.agency_id))),
        )
        .select(SetRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("indicator set"))
}

impl crate::extract::Load for SetRow {
    const WHAT: &'static str = "indicator set";
    fn load(conn: &mut DbConn, caller: &Caller, id: &str) -> Result<Self, ApiError> {
        visible(conn, caller, id)
    }
}

/// The indicators of a set version, in order of their codes' rows.
pub fn item_ids(conn: &mut DbConn, set_id: &str) -> Result<Vec<String>, ApiError> {
    Ok(indicator_set_items::table
        .filter(indicator_set_items::set_id.eq(set_id))
        .select(indicator_set_items::indicator_id)
        .order(indicator_set_items::indicator_id)
        .load(conn)?)
}

fn save_items(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    items: &[SetItem],
) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, item) in items.iter().enumerate() {
        if !seen.insert(item.indicator_id.clone()) {
            errors.push(FieldError::coded(
                format!("items[{i}].indicator_id"),
                FieldCode::Duplicate,
                "is listed twice",
            ));
        } else if uuid::Uuid::parse_str(&item.indicator_id).is_err()
            || super::visible(conn, caller, &item.indicator_id).is_err()
        {
            errors.push(FieldError::coded(
                format!("items[{i}].indicator_id"),
                FieldCode::NotFound,
                "no such indicator in your scope",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    diesel::delete(indicator_set_items::table.filter(indicator_set_items::set_id.eq(id)))
        .execute(conn)?;
    for item in items {
        diesel::insert_into(indicator_set_items::table)
            .values((
                indicator_set_items::set_id.eq(id),
                indicator_set_items::indicator_id.eq(&item.indicator_id),
                indicator_set_items::weight.eq(item.weight),
            ))
            .execute(conn)?;
    }
    Ok(())
}

fn ensure_planner(conn: &mut DbConn, caller: &Caller, owner: &str) -> Result<(), ApiError> {
    crate::policy::edit_indicator(caller, caller.sees_agency(conn, owner)?)
}

fn audit_set(
    conn: &mut DbConn,
    caller: &Caller,
    action: &str,
    before: Option<&IndicatorSet>,
    after: &IndicatorSet,
) -> Result<(), ApiError> {
    audit::record(
        conn,
        &caller.actor(),
        Change {
            action,
            entity_type: "indicator_set",
            entity_id: &after.id,
            agency_id: Some(&after.owner_agency_id),
            before,
            after: Some(after),
        },
    )
}

/// Indicator sets (every version) owned above or below the caller's agency.
#[utoipa::path(
    operation_id = "list_indicator_sets",tag = "indicator sets", params(SetQuery), security(("bearer" = [])), responses((status = 200, body = Page<IndicatorSet>)))]
#[get("/indicator-sets")]
pub async fn list_sets(
    state: web::Data<AppState>,
    caller: Caller,
    query: Query<SetQuery>,
) -> Result<web::Json<Page<IndicatorSet>>, ApiError> {
    let q = query.0;
    let (limit, offset) = page::window(q.limit, q.offset)?;
    let page = state
        .db
        .run(move |conn| {
            let filtered = || {
                let mut sel = indicator_sets::table
                    .filter(
                        indicator_sets::owner_agency_id
                            .eq_any(scope::subtree_ids(&caller.agency_id))
                            .or(indicator_sets::owner_agency_id
                                .eq_any(scope::ancestor_ids(&caller.agency_id))),
                    )
                    .into_boxed();
                if let Some(c) = &q.code {
                    sel = sel.filter(indicator_sets::code.eq(c.clone()));
                }
                sel
            };
            let total: i64 = filtered().count().get_result(conn)?;
            let rows: Vec<SetRow> = filtered()
                .order((
                    indicator_sets::code.asc(),
                    indicator_sets::set_version.desc(),
                ))
                .limit(limit)
                .offset(offset)
                .select(SetRow::as_select())
                .load(conn)?;
            let items = rows
                .into_iter()
                .map(|r| view(conn, r))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Page {
                items,
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

/// Creates version 1 of a set, as a draft.
#[utoipa::path(
    operation_id = "create_indicator_set",
    tag = "indicator sets",
    request_body = CreateSet,
    security(("bearer" = [])),
    responses(
        (status = 201, body = IndicatorSet, headers(("ETag" = String))),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Duplicate code", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/indicator-sets")]
pub async fn create_set(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<CreateSet>,
) -> Result<HttpResponse, ApiError> {
    crate::policy::plan_indicators(&caller)?;
    let input = body.0;
    let (body, version) = state
        .db
        .write(move |conn| {
            if !caller.sees_agency(conn, &input.owner_agency_id)? {
                return Err(ApiError::invalid_as(
                    "owner_agency_id",
                    FieldCode::NotFound,
                    "no such agency in your scope",
                ));
            }
            let taken: i64 = indicator_sets::table
                .filter(indicator_sets::code.eq(&input.code))
                .count()
                .get_result(conn)?;
            if taken > 0 {
                let mut e = ApiError::conflict(
                    ErrorCode::DuplicateCode,
                    "an indicator set with this code exists; add a version to it",
                );
                e.errors = vec![FieldError::coded(
                    "code",
                    FieldCode::Duplicate,
                    "is already used",
                )];
                return Err(e);
            }
            let id = new_id();
            let now = now();
            diesel::insert_into(indicator_sets::table)
                .values((
                    indicator_sets::id.eq(&id),
                    indicator_sets::code.eq(&input.code),
                    indicator_sets::name.eq(input.name.trim()),
                    indicator_sets::owner_agency_id.eq(&input.owner_agency_id),
                    indicator_sets::set_version.eq(1),
                    indicator_sets::status.eq("draft"),
                    indicator_sets::version.eq(1),
                    indicator_sets::created_at.eq(now),
                    indicator_sets::updated_at.eq(now),
                ))
                .execute(conn)?;
            save_items(conn, &caller, &id, &input.items)?;
            let row: SetRow = indicator_sets::table
                .find(&id)
                .select(SetRow::as_select())
                .first(conn)?;
            let after = view(conn, row.clone())?;
            audit_set(conn, &caller, "create", None, &after)?;
            prepare(conn, row)
        })
        .await?;
    Ok(etag::tagged(StatusCode::CREATED, version, &body))
}

/// One version of a set.
#[utoipa::path(
    operation_id = "get_indicator_set",
    tag = "indicator sets",
    params(("id" = uuid::Uuid, Path, description = "Set version id")),
    security(("bearer" = [])),
    responses((status = 200, body = IndicatorSet, headers(("ETag" = String))), (status = 404, body = crate::error::Problem, content_type = "application/problem+json"))
)]
#[get("/indicator-sets/{id}")]
pub async fn get_set(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = object_id(&id, "indicator set")?;
    let (body, version) = state
        .db
        .run(move |conn| {
            let row = visible(conn, &caller, &id)?;
            prepare(conn, row)
        })
        .await?;
    Ok(etag::tagged(StatusCode::OK, version, &body))
}

/// Changes a draft version; needs `If-Match`. A published version is immutable (409).
#[utoipa::path(
    operation_id = "update_indicator_set",
    tag = "indicator sets",
    params(("id" = uuid::Uuid, Path, description = "Set version id"), ("If-Match" = String, Header, description = "The ETag from the last read")),
    request_body = UpdateSet,
    security(("bearer" = [])),
    responses(
        (status = 200, body = IndicatorSet, headers(("ETag" = String))),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Published versions are immutable", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/indicator-sets/{id}")]
pub async fn update_set(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    id: web::Path<String>,
    body: Json<UpdateSet>,
) -> Result<HttpResponse, ApiError> {
    let id = object_id(&id, "indicator set")?;
    let if_match = etag::required_if_match(&req);
    let input = body.0;
    let (body, version) = state
        .db
        .write(move |conn| {
            let row = visible(conn, &caller, &id)?;
            ensure_planner(conn, &caller, &row.owner_agency_id)?;
            etag::check(&if_match?, row.version)?;
            if row.status == SetStatus::Published {
                return Err(ApiError::conflict(
                    ErrorCode::Published,
                    "a published version is immutable; start a new version",
                ));
            }
            let before = view(conn, row)?;
            if let Some(items) = &input.items {
                save_items(conn, &caller, &id, items)?;
            }
            diesel::update(indicator_sets::table.find(&id))
                .set((
                    input
                        .name
                        .as_ref()
                        .map(|n| indicator_sets::name.eq(n.trim())),
                    indicator_sets::version.eq(indicator_sets::version + 1),
                    indicator_sets::updated_at.eq(now()),
                ))
                .execute(conn)?;
            let row: SetRow = indicator_sets::table
                .find(&id)
                .select(SetRow::as_select())
                .first(conn)?;
            let after = view(conn, row.clone())?;
            audit_set(conn, &caller, "update", Some(&before), &after)?;
            prepare(conn, row)
        })
        .await?;
    Ok(etag::tagged(StatusCode::OK, version, &body))
}

/// Publishes a draft version; from then on it is immutable.
#[utoipa::path(
    operation_id = "publish_indicator_set",
    tag = "indicator sets",
    params(("id" = uuid::Uuid, Path, description = "Set version id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = IndicatorSet, headers(("ETag" = String))),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already published", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/indicator-sets/{id}/publish")]
pub async fn publish_set(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = object_id(&id, "indicator set")?;
    let (body, version) = state
        .db
        .write(move |conn| {
            let row = visible(conn, &caller, &id)?;
            ensure_planner(conn, &caller, &row.owner_agency_id)?;
            if row.status == SetStatus::Published {
                return Err(ApiError::conflict(
                    ErrorCode::Published,
                    "this version is already published",
                ));
            }
            let before = view(conn, row)?;
            let now = now();
            diesel::update(indicator_sets::table.find(&id))
                .set((
                    indicator_sets::status.eq("published"),
                    indicator_sets::published_at.eq(Some(now)),
                    indicator_sets::version.eq(indicator_sets::version + 1),
                    indicator_sets::updated_at.eq(now),
                ))
                .execute(conn)?;
            let row: SetRow = indicator_sets::table
                .find(&id)
                .select(SetRow::as_select())
                .first(conn)?;
            let after = view(conn, row.clone())?;
            audit_set(conn, &caller, "publish", Some(&before), &after)?;
            prepare(conn, row)
        })
        .await?;
    Ok(etag::tagged(StatusCode::OK, version, &body))
}

/// Starts the next version of a set as a draft copy of this one (only one draft at a time).
#[utoipa::path(
    operation_id = "new_indicator_set_version",
    tag = "indicator sets",
    params(("id" = uuid::Uuid, Path, description = "Set version id to copy")),
    security(("bearer" = [])),
    responses(
        (status = 201, body = IndicatorSet, headers(("ETag" = String))),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "A draft version exists already", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/indicator-sets/{id}/versions")]
pub async fn new_set_version(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = object_id(&id, "indicator set")?;
    let (body, version) = state
        .db
        .write(move |conn| {
            let base = visible(conn, &caller, &id)?;
            ensure_planner(conn, &caller, &base.owner_agency_id)?;
            let drafts: i64 = indicator_sets::table
                .filter(indicator_sets::code.eq(&base.code))
                .filter(indicator_sets::status.eq("draft"))
                .count()
                .get_result(conn)?;
            if drafts > 0 {
                return Err(ApiError::conflict(
                    ErrorCode::DraftExists,
                    "a draft version of this set exists; publish or edit it",
                ));
            }
            let latest: Option<i32> = indicator_sets::table
                .filter(indicator_sets::code.eq(&base.code))
                .select(diesel::dsl::max(indicator_sets::set_version))
                .first(conn)?;
            let new = new_id();
            let now = now();
            diesel::insert_into(indicator_sets::table)
                .values((
                    indicator_sets::id.eq(&new),
                    indicator_sets::code.eq(&base.code),
                    indicator_sets::name.eq(&base.name),
                    indicator_sets::owner_agency_id.eq(&base.owner_agency_id),
                    indicator_sets::set_version.eq(latest.unwrap_or(0) + 1),
                    indicator_sets::status.eq("draft"),
                    indicator_sets::version.eq(1),
                    indicator_sets::created_at.eq(now),
                    indicator_sets::updated_at.eq(now),
                ))
                .execute(conn)?;
            let items = items_of(conn, &id)?;
            save_items(conn, &caller, &new, &items)?;
            let row: SetRow = indicator_sets::table
                .find(&new)
                .select(SetRow::as_select())
                .first(conn)?;
            let after = view(conn, row.clone())?;
            audit_set(conn, &caller, "create_version", None, &after)?;
            prepare(conn, row)
        })
        .await?;
    Ok(etag::tagged(StatusCode::CREATED, version, &body))
}
