//! `GET /resolutions/{id}/committee/candidates`: the agencies that may sit on a resolution's
//! steering committee — any active agency of the country, since a committee gathers ministries,
//! central bodies and provinces — listed for those who may set the committee (the planners on the
//! owner's side), so that the web app's picker can name agencies outside their own subtree.

use actix_web::{get, web};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use super::visible;
use crate::agencies::{AgencyBrief, AgencyKind, AgencyStatus};
use crate::auth::Caller;
use crate::db::schema::agencies;
use crate::db::DbConn;
use crate::error::ApiError;
use crate::extract::{object_id, Query};
use crate::page::{self, Page};
use crate::policy;
use crate::search;
use crate::state::AppState;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CandidateQuery {
    /// Matches code or name, ignoring case and diacritics.
    #[validate(length(max = 200))]
    #[param(max_length = 200)]
    pub q: Option<String>,
    pub kind: Option<AgencyKind>,
    /// Page size (default 50, at most 500; more is a 400).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

/// The active agencies matching the query, highest in the tree first, then central bodies and
/// ministries before provinces, departments and communes, then by code.
pub fn list_in(
    conn: &mut DbConn,
    caller: &Caller,
    resolution_id: &str,
    q: &CandidateQuery,
) -> Result<Page<AgencyBrief>, ApiError> {
    let resolution = visible(conn, caller, resolution_id)?;
    policy::edit_committee(
        caller,
        caller.sees_agency(conn, &resolution.owner_agency_id)?,
    )?;
    let (limit, offset) = page::window(q.limit, q.offset)?;
    let filtered = || {
        let mut sel = agencies::table
            .filter(agencies::status.eq(AgencyStatus::Active.as_str()))
            .into_boxed();
        if let Some(kind) = q.kind {
            sel = sel.filter(agencies::kind.eq(kind.as_str()));
        }
        if let Some(pattern) = q.q.as_deref().and_then(search::pattern) {
            sel = sel.filter(crate::agencies::code_or_name_like(pattern));
        }
        sel
    };
    let total: i64 = filtered().count().get_result(conn)?;
    // Central bodies and ministries before provinces, departments and communes of the same depth.
    let rank = diesel::dsl::sql::<diesel::sql_types::Integer>(
        "CASE agencies.kind WHEN 'central' THEN 0 WHEN 'ministry' THEN 1 WHEN 'province' THEN 2 \
         WHEN 'department' THEN 3 WHEN 'commune' THEN 4 ELSE 5 END",
    );
    let rows: Vec<crate::agencies::BriefRow> = filtered()
        .order((agencies::depth.asc(), rank.asc(), agencies::code.asc()))
        .limit(limit)
        .offset(offset)
        .select(AgencyBrief::COLUMNS)
        .load(conn)?;
    Ok(Page {
        items: AgencyBrief::from_rows(rows)?,
        total,
        limit,
        offset,
        next_cursor: None,
        removed: None,
    })
}

/// Lists the agencies that may be named on the resolution's steering committee: every active
/// agency of the country, for the planners who may set the committee (`actions.edit` of
/// `GET /resolutions/{id}/committee`); others get a 403, and a resolution the caller does not see
/// a 404.
#[utoipa::path(
    tag = "resolutions",
    params(("id" = uuid::Uuid, Path, description = "Resolution id"), CandidateQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Page<AgencyBrief>),
        (status = 400, description = "A bad `q`, `kind`, `limit` or `offset`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller may not set this committee", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/resolutions/{id}/committee/candidates")]
pub async fn list_committee_candidates(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    query: Query<CandidateQuery>,
) -> Result<web::Json<Page<AgencyBrief>>, ApiError> {
    let id = object_id(&id, "resolution")?;
    let q = query.0;
    let page = state
        .db
        .run(move |conn| list_in(conn, &caller, &id, &q))
        .await?;
    Ok(web::Json(page))
}
