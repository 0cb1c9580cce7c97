//! `GET /sector-heads`: the agencies an administrator may name as `sector_ministry_id` — every
//! active ministry of the country and the active departments of the caller's subtree (the rule of
//! [`crate::sectors::check_head`]). A province's administrator cannot list the ministries through
//! `GET /agencies` (they are outside its subtree), so the agency form asks here.

use actix_web::{get, web};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use super::{AgencyBrief, AgencyKind, AgencyStatus};
use crate::auth::Caller;
use crate::db::schema::agencies;
use crate::db::DbConn;
use crate::error::ApiError;
use crate::extract::Query;
use crate::page::{self, Page};
use crate::scope;
use crate::search;
use crate::state::AppState;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SectorHeadQuery {
    /// Matches code or name, ignoring case and diacritics.
    #[validate(length(max = 200))]
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// Only this agency, if it may head a line (the form's current value).
    #[validate(custom(function = "crate::validate::uuid"))]
    #[param(format = Uuid)]
    pub id: Option<String>,
    /// Page size (default 50, at most 500; more is a 400).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

/// The candidates, ministries first, then by code.
pub fn list_in(
    conn: &mut DbConn,
    caller: &Caller,
    q: &SectorHeadQuery,
) -> Result<Page<AgencyBrief>, ApiError> {
    crate::policy::manage_agencies(caller)?;
    let (limit, offset) = page::window(q.limit, q.offset)?;
    let filtered = || {
        let mut sel = agencies::table
            .filter(agencies::status.eq(AgencyStatus::Active.as_str()))
            .filter(
                agencies::kind
                    .eq(AgencyKind::Ministry.as_str())
                    .or(agencies::kind
                        .eq(AgencyKind::Department.as_str())
                        .and(agencies::id.eq_any(scope::subtree_ids(&caller.agency_id)))),
            )
            .into_boxed();
        if let Some(id) = &q.id {
            sel = sel.filter(agencies::id.eq(id.clone()));
        }
        if let Some(pattern) = q.q.as_deref().and_then(search::pattern) {
            sel = sel.filter(crate::agencies::code_or_name_like(pattern));
        }
        sel
    };
    let total: i64 = filtered().count().get_result(conn)?;
    // 'department' sorts before 'ministry': descending puts the ministries first.
    let rows: Vec<crate::agencies::BriefRow> = filtered()
        .order((agencies::kind.desc(), agencies::code.asc()))
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

/// Lists the agencies the caller may name as the head of an agency's sector line: every active
/// ministry, and the active departments of the caller's subtree. Needs `admin` or `agency_admin`.
#[utoipa::path(
    tag = "agencies",
    params(SectorHeadQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Page<AgencyBrief>),
        (status = 400, description = "A bad `q`, `limit` or `offset`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller does not administer agencies", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/sector-heads")]
pub async fn list_sector_heads(
    state: web::Data<AppState>,
    caller: Caller,
    query: Query<SectorHeadQuery>,
) -> Result<web::Json<Page<AgencyBrief>>, ApiError> {
    let q = query.0;
    let page = state.db.run(move |conn| list_in(conn, &caller, &q)).await?;
    Ok(web::Json(page))
}
