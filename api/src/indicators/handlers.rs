use std::collections::{BTreeMap, BTreeSet};

use actix_web::http::StatusCode;
use actix_web::{get, patch, post, put, web, HttpRequest, HttpResponse};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::{
    formula, visible, Aggregation, Direction, Frequency, Indicator, IndicatorGroup, IndicatorRow,
    ValueType,
};
use crate::agencies::AgencyKind;
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db::schema::{
    agencies, indicator_components, indicator_reporters, indicator_targets, indicator_values,
    indicators,
};
use crate::db::{new_id, now, DbConn};
use crate::error::{ApiError, ErrorCode, FieldCode, FieldError};
use crate::etag;
use crate::extract::{object_id, Json, Query, Visible};
use crate::page::{self, Page};
use crate::period::Period;
use crate::scope;
use crate::search::{self, search_fold};
use crate::state::AppState;
use crate::validate;

/// Indicator codes take the shapes real systems use: `0101` of the national statistical indicator
/// system, `CT-57-01`, `57-NQ/TW.1` (formulas write them in braces).
fn indicator_code(value: &str) -> Result<(), validator::ValidationError> {
    validate::code(value)
}

/// A new indicator. `reporting_agency_ids` and `reporting_agency_kind` exclude each other; with
/// neither, the owner agency alone reports. Both reach the owner's subtree and its sector line
/// (docs/roles.md); a ministry's also reach every province and every commune.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateIndicator {
    /// 1–64 letters, digits and `-_./`, for example `DT_DOCS`, `0101` or `CT-57-01`.
    #[validate(custom(function = "indicator_code"))]
    #[schema(min_length = 1, max_length = 64, pattern = r"^[A-Za-z0-9._/-]+$")]
    pub code: String,
    #[validate(custom(function = "validate::name"))]
    #[schema(min_length = 1, max_length = 500, pattern = r"\S")]
    pub name: String,
    #[serde(default)]
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    pub description: String,
    pub group: IndicatorGroup,
    #[serde(default)]
    #[validate(length(max = 50))]
    #[schema(max_length = 50)]
    pub unit: String,
    pub value_type: ValueType,
    pub direction: Direction,
    pub aggregation: Aggregation,
    pub frequency: Frequency,
    #[validate(custom(function = "validate::uuid"))]
    #[schema(format = Uuid)]
    pub owner_agency_id: String,
    #[serde(default)]
    #[validate(length(max = 5000))]
    #[schema(max_items = 5000, value_type = Vec<uuid::Uuid>)]
    pub reporting_agency_ids: Vec<String>,
    pub reporting_agency_kind: Option<AgencyKind>,
    #[validate(custom(function = "validate::uuid"))]
    #[schema(format = Uuid)]
    pub source_agency_id: Option<String>,
    #[validate(custom(function = "validate::uuid"))]
    #[schema(format = Uuid)]
    pub task_id: Option<String>,
    #[serde(default)]
    pub drives_task_progress: bool,
    pub baseline_value: Option<f64>,
    #[schema(
        max_length = 7,
        pattern = r"^(19\d\d|2[01]\d\d|2200)(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$"
    )]
    pub baseline_period: Option<String>,
    pub target_value: Option<f64>,
    #[schema(
        max_length = 7,
        pattern = r"^(19\d\d|2[01]\d\d|2200)(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$"
    )]
    pub target_period: Option<String>,
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000)]
    pub formula: Option<String>,
    #[serde(default)]
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    pub definition: String,
    #[serde(default)]
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    pub data_source: String,
    #[serde(default)]
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    pub method: String,
    #[serde(default)]
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    pub verification: String,
}

/// Fields to change; absent fields stay. Once approved values exist, `unit`, `value_type`,
/// `direction` and `aggregation` are locked (409).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateIndicator {
    #[validate(custom(function = "indicator_code"))]
    #[schema(min_length = 1, max_length = 64, pattern = r"^[A-Za-z0-9._/-]+$")]
    pub code: Option<String>,
    #[validate(custom(function = "validate::name"))]
    #[schema(min_length = 1, max_length = 500, pattern = r"\S")]
    pub name: Option<String>,
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    pub description: Option<String>,
    #[validate(length(max = 50))]
    #[schema(max_length = 50)]
    pub unit: Option<String>,
    pub value_type: Option<ValueType>,
    pub direction: Option<Direction>,
    pub aggregation: Option<Aggregation>,
    #[validate(length(max = 5000))]
    #[schema(max_items = 5000, value_type = Option<Vec<uuid::Uuid>>)]
    pub reporting_agency_ids: Option<Vec<String>>,
    pub reporting_agency_kind: Option<AgencyKind>,
    #[validate(custom(function = "validate::uuid"))]
    #[schema(format = Uuid)]
    pub source_agency_id: Option<String>,
    /// The task whose KPI this is; `null` unlinks it (with `drives_task_progress: false` when it
    /// drove the task's progress), absent leaves it.
    #[serde(default, deserialize_with = "validate::null_or")]
    #[validate(custom(function = "validate::uuid"))]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub task_id: Option<Option<String>>,
    pub drives_task_progress: Option<bool>,
    pub baseline_value: Option<f64>,
    #[schema(
        max_length = 7,
        pattern = r"^(19\d\d|2[01]\d\d|2200)(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$"
    )]
    pub baseline_period: Option<String>,
    pub target_value: Option<f64>,
    #[schema(
        max_length = 7,
        pattern = r"^(19\d\d|2[01]\d\d|2200)(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$"
    )]
    pub target_period: Option<String>,
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000)]
    pub formula: Option<String>,
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    pub definition: Option<String>,
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    pub data_source: Option<String>,
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    pub method: Option<String>,
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    pub verification: Option<String>,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct IndicatorQuery {
    pub group: Option<IndicatorGroup>,
    pub owner_agency_id: Option<String>,
    pub task_id: Option<String>,
    /// Matches code or name.
    #[validate(length(max = 200))]
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// Change feed: the indicators changed at or after this instant (RFC 3339), oldest change first (docs/integration.md, "Change feeds").
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

/// An interim target: for every reporting agency (`agency_id` null) or for one.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct InterimTarget {
    #[schema(
        max_length = 7,
        pattern = r"^(19\d\d|2[01]\d\d|2200)(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$"
    )]
    pub period: String,
    #[schema(format = Uuid)]
    pub agency_id: Option<String>,
    pub value: f64,
}

/// Baseline, final target and interim targets per period.
#[derive(Debug, Serialize, ToSchema)]
pub struct Targets {
    pub baseline_value: Option<f64>,
    pub baseline_period: Option<String>,
    pub target_value: Option<f64>,
    pub target_period: Option<String>,
    pub direction: Direction,
    pub interim: Vec<InterimTarget>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PutTargets {
    #[validate(length(max = 2000))]
    #[schema(max_items = 2000)]
    #[validate(nested)]
    pub interim: Vec<InterimTarget>,
}

fn prepare(
    conn: &mut DbConn,
    caller: &Caller,
    row: IndicatorRow,
) -> Result<(Indicator, i32), ApiError> {
    let version = row.version;
    Ok((to_view(conn, caller, row)?, version))
}

pub fn to_view(
    conn: &mut DbConn,
    caller: &Caller,
    row: IndicatorRow,
) -> Result<Indicator, ApiError> {
    Ok(to_views(conn, caller, vec![row])?
        .pop()
        .expect("one indicator"))
}

/// Reporting agencies, lock state and agency names of many indicators, in three queries.
/// A linked task the caller cannot see is not named (neither its id nor, in exports, its code).
pub fn to_views(
    conn: &mut DbConn,
    caller: &Caller,
    mut rows: Vec<IndicatorRow>,
) -> Result<Vec<Indicator>, ApiError> {
    use std::collections::{HashMap, HashSet};
    let linked: Vec<String> = rows.iter().filter_map(|r| r.task_id.clone()).collect();
    if !linked.is_empty() {
        let seen: HashSet<String> = crate::tasks::visible_to(caller)
            .filter(crate::db::schema::tasks::id.eq_any(linked))
            .select(crate::db::schema::tasks::id)
            .load::<String>(conn)?
            .into_iter()
            .collect();
        for r in &mut rows {
            if r.task_id.as_ref().is_some_and(|t| !seen.contains(t)) {
                r.task_id = None;
            }
        }
    }
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut reporters: HashMap<String, Vec<String>> = HashMap::new();
    for (indicator, agency) in indicator_reporters::table
        .filter(indicator_reporters::indicator_id.eq_any(&ids))
        .select((
            indicator_reporters::indicator_id,
            indicator_reporters::agency_id,
        ))
        .order((
            indicator_reporters::indicator_id,
            indicator_reporters::agency_id,
        ))
        .load::<(String, String)>(conn)?
    {
        reporters.entry(indicator).or_default().push(agency);
    }
    let locked: HashSet<String> = indicator_values::table
        .filter(indicator_values::indicator_id.eq_any(&ids))
        .filter(indicator_values::counted.eq(true))
        .select(indicator_values::indicator_id)
        .distinct()
        .load::<String>(conn)?
        .into_iter()
        .collect();
    let agency_ids: Vec<String> = rows
        .iter()
        .flat_map(|r| std::iter::once(r.owner_agency_id.clone()).chain(r.source_agency_id.clone()))
        .collect();
    let names: HashMap<String, String> = agencies::table
        .filter(agencies::id.eq_any(&agency_ids))
        .select((agencies::id, agencies::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let owners_in_scope = scope::contained(
        conn,
        &caller.agency_id,
        rows.iter().map(|r| r.owner_agency_id.as_str()),
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let owner = names.get(&row.owner_agency_id).cloned().unwrap_or_default();
        let source = row
            .source_agency_id
            .as_ref()
            .and_then(|id| names.get(id).cloned());
        let is_locked = locked.contains(&row.id);
        let list = reporters.remove(&row.id).unwrap_or_default();
        let actions = crate::policy::indicator_actions(
            caller,
            owners_in_scope.contains(&row.owner_agency_id),
            if crate::policy::write_figure(caller, true).is_ok() {
                super::series_written_by(conn, caller, &row)?
            } else {
                Vec::new()
            },
        );
        out.push(Indicator::from_row(
            row,
            list,
            is_locked,
            (owner, source),
            actions,
        )?);
    }
    Ok(out)
}

fn has_approved_values(conn: &mut DbConn, id: &str) -> Result<bool, ApiError> {
    let n: i64 = indicator_values::table
        .filter(indicator_values::indicator_id.eq(id))
        .filter(indicator_values::counted.eq(true))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Everything a create or update must satisfy, on the merged values.
struct Draft<'a> {
    group: IndicatorGroup,
    frequency: Frequency,
    owner_agency_id: &'a str,
    reporting_agency_ids: &'a [String],
    reporting_agency_kind: Option<AgencyKind>,
    source_agency_id: Option<&'a str>,
    task_id: Option<&'a str>,
    drives_task_progress: bool,
    baseline_period: Option<&'a str>,
    target_value: Option<f64>,
    target_period: Option<&'a str>,
    formula: Option<&'a str>,
    numbers: [(&'static str, Option<f64>); 2],
    /// Whether the write changes what a progress-driving KPI computes for its task (a new link,
    /// formula, target or baseline): then the caller must be allowed to move the task's progress.
    touches_progress: bool,
}

/// Checks the draft and returns the ids of the formula's components.
fn check(
    conn: &mut DbConn,
    caller: &Caller,
    self_id: Option<&str>,
    d: &Draft<'_>,
) -> Result<Vec<String>, ApiError> {
    let mut errors = Vec::new();
    if !d.reporting_agency_ids.is_empty() && d.reporting_agency_kind.is_some() {
        errors.push(FieldError::new(
            "reporting_agency_kind",
            "give reporting_agency_ids or reporting_agency_kind, not both",
        ));
    }
    for (i, agency) in d.reporting_agency_ids.iter().enumerate() {
        if uuid::Uuid::parse_str(agency).is_err()
            || !super::within_reach(conn, d.owner_agency_id, agency)?
        {
            errors.push(FieldError::new(
                format!("reporting_agency_ids[{i}]"),
                "must be an agency in the owner agency's subtree or sector line (or, for a \
                 ministry, a province or commune)",
            ));
        }
    }
    if let Some(source) = d.source_agency_id {
        let active: i64 = agencies::table
            .filter(agencies::id.eq(source))
            .filter(agencies::status.eq("active"))
            .count()
            .get_result(conn)?;
        if active == 0 || !caller.sees_agency(conn, source)? {
            errors.push(FieldError::coded(
                "source_agency_id",
                FieldCode::NotFound,
                "no such active agency in your scope",
            ));
        }
    }
    if let Some(task) = d.task_id {
        match crate::tasks::visible(conn, caller, task) {
            Err(_) => errors.push(FieldError::coded(
                "task_id",
                FieldCode::NotFound,
                "no such task in your scope",
            )),
            Ok(row) if d.drives_task_progress && d.touches_progress => {
                if !crate::tasks::may_link_kpi(conn, caller, &row)? {
                    return Err(ApiError::forbidden(
                        "only planners of the task's lead agency or of the agencies above it tie a \
                         KPI to its progress",
                    ));
                }
            }
            Ok(_) => {}
        }
    }
    if d.drives_task_progress && (d.task_id.is_none() || d.target_value.is_none()) {
        errors.push(FieldError::coded(
            "drives_task_progress",
            FieldCode::Required,
            "needs task_id and target_value",
        ));
    }
    for (field, period) in [
        ("baseline_period", d.baseline_period),
        ("target_period", d.target_period),
    ] {
        if let Some(p) = period {
            match p.parse::<Period>() {
                Ok(p) if p.frequency() == d.frequency.period_frequency() => {}
                Ok(_) => errors.push(FieldError::coded(
                    field,
                    FieldCode::Format,
                    format!("must be a {} period", d.frequency.as_str()),
                )),
                Err(e) => errors.push(FieldError::new(field, e.to_string())),
            }
        }
    }
    for (field, number) in d.numbers {
        if number.is_some_and(|n| !n.is_finite()) {
            errors.push(FieldError::coded(
                field,
                FieldCode::Format,
                "must be a finite number",
            ));
        }
    }
    let mut components = Vec::new();
    match (d.group, d.formula) {
        (IndicatorGroup::Composite, None) => errors.push(FieldError::coded(
            "formula",
            FieldCode::Required,
            "a composite indicator needs a formula",
        )),
        (IndicatorGroup::Composite, Some(text)) => match formula::parse(text) {
            Err(e) => errors.push(FieldError::new("formula", e.to_string())),
            Ok(expr) => {
                let codes: BTreeSet<String> = formula::codes(&expr);
                for code in &codes {
                    // An indicator the caller cannot see is as unknown as one that does not exist.
                    let found: Option<String> = indicators::table
                        .filter(indicators::code.eq(code))
                        .select(indicators::id)
                        .first::<String>(conn)
                        .optional()?
                        .filter(|id| visible(conn, caller, id).is_ok());
                    match found {
                        None => {
                            let position = text
                                .find(code.as_str())
                                .map(|b| text[..b].chars().count() + 1)
                                .unwrap_or(1);
                            errors.push(FieldError::new(
                                "formula",
                                format!("unknown indicator code {code} at position {position}"),
                            ));
                        }
                        Some(id) => components.push(id),
                    }
                }
                if let Some(me) = self_id {
                    if reaches(conn, &components, me)? {
                        errors.push(FieldError::new(
                            "formula",
                            "the formula refers back to this indicator (a cycle)",
                        ));
                    }
                }
                if errors.is_empty() && !within_formula_limits(conn, &components)? {
                    errors.push(FieldError::new(
                        "formula",
                        format!(
                            "the formula reaches more than {} indicators or nests composites more \
                             than {} levels deep",
                            super::series::MAX_FORMULA_INDICATORS,
                            super::series::MAX_FORMULA_DEPTH
                        ),
                    ));
                }
            }
        },
        (_, Some(_)) => errors.push(FieldError::new(
            "formula",
            "only composite indicators have a formula",
        )),
        (_, None) => {}
    }
    if errors.is_empty() {
        Ok(components)
    } else {
        Err(ApiError::validation(errors))
    }
}

/// Whether a formula over `components` stays within what one series evaluation may read: at most
/// `MAX_FORMULA_INDICATORS` distinct indicators (the new composite included) and
/// `MAX_FORMULA_DEPTH` levels below it, counted as `series` evaluates them.
fn within_formula_limits(conn: &mut DbConn, components: &[String]) -> Result<bool, ApiError> {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut level: Vec<String> = components.to_vec();
    let mut depth = 1;
    while !level.is_empty() {
        if depth > super::series::MAX_FORMULA_DEPTH {
            return Ok(false);
        }
        // Not deduplicated across levels: the depth is the longest path, as evaluated.
        seen.extend(level.iter().cloned());
        if seen.len() + 1 > super::series::MAX_FORMULA_INDICATORS {
            return Ok(false);
        }
        let mut next: Vec<String> = Vec::new();
        for chunk in level.chunks(500) {
            next.extend(
                indicator_components::table
                    .filter(indicator_components::composite_id.eq_any(chunk))
                    .select(indicator_components::component_id)
                    .load::<String>(conn)?,
            );
        }
        next.sort();
        next.dedup();
        level = next;
        depth += 1;
    }
    Ok(true)
}

/// Whether `target` is among `start` or their components, transitively.
fn reaches(conn: &mut DbConn, start: &[String], target: &str) -> Result<bool, ApiError> {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut frontier: Vec<String> = start.to_vec();
    while let Some(id) = frontier.pop() {
        if id == target {
            return Ok(true);
        }
        if !seen.insert(id.clone()) {
            continue;
        }
        let next: Vec<String> = indicator_components::table
            .filter(indicator_components::composite_id.eq(&id))
            .select(indicator_components::component_id)
            .load(conn)?;
        frontier.extend(next);
    }
    Ok(false)
}

fn save_links(
    conn: &mut DbConn,
    id: &str,
    reporters: Option<&[String]>,
    components: &[String],
) -> Result<(), ApiError> {
    if let Some(list) = reporters {
        diesel::delete(indicator_reporters::table.filter(indicator_reporters::indicator_id.eq(id)))
            .execute(conn)?;
        for agency in list.iter().collect::<BTreeSet<_>>() {
            diesel::insert_into(indicator_reporters::table)
                .values((
                    indicator_reporters::indicator_id.eq(id),
                    indicator_reporters::agency_id.eq(agency),
                ))
                .execute(conn)?;
        }
    }
    diesel::delete(indicator_components::table.filter(indicator_components::composite_id.eq(id)))
        .execute(conn)?;
    for component in components.iter().collect::<BTreeSet<_>>() {
        diesel::insert_into(indicator_components::table)
            .values((
                indicator_components::composite_id.eq(id),
                indicator_components::component_id.eq(component),
            ))
            .execute(conn)?;
    }
    Ok(())
}

fn duplicate(code: &str) -> ApiError {
    let mut e = ApiError::conflict(
        ErrorCode::DuplicateCode,
        format!("an indicator with code {code} exists"),
    );
    e.errors = vec![FieldError::coded(
        "code",
        FieldCode::Duplicate,
        "is already used",
    )];
    e
}

/// The catalogue, filterable by group, owner and task.
#[utoipa::path(
    tag = "indicators",
    params(IndicatorQuery),
    security(("bearer" = [])),
    responses((status = 200, body = Page<Indicator>))
)]
#[get("/indicators")]
pub async fn list_indicators(
    state: web::Data<AppState>,
    caller: Caller,
    query: Query<IndicatorQuery>,
) -> Result<web::Json<Page<Indicator>>, ApiError> {
    let q = query.0;
    let (limit, offset) = page::window(q.limit, q.offset)?;
    let feed = crate::changes::Feed::of(
        q.updated_since,
        q.cursor.as_deref(),
        q.offset,
        limit,
        state.config.change_feed_lag_secs,
    )?;
    let page = state
        .db
        .run(move |conn| {
            let sight = super::Sight::of(conn, &caller)?;
            let filtered = || {
                let mut sel = sight.filter(indicators::table.into_boxed());
                if let Some(g) = q.group {
                    sel = sel.filter(indicators::indicator_group.eq(g.as_str()));
                }
                if let Some(o) = &q.owner_agency_id {
                    sel = sel.filter(indicators::owner_agency_id.eq(o.clone()));
                }
                if let Some(t) = &q.task_id {
                    sel = sel.filter(indicators::task_id.eq(t.clone()));
                }
                if let Some(pattern) = q.q.as_deref().and_then(search::pattern) {
                    sel = sel.filter(
                        search_fold(indicators::code)
                            .like(pattern.clone())
                            .escape('\\')
                            .or(search_fold(indicators::name).like(pattern).escape('\\')),
                    );
                }
                sel
            };
            if let Some(feed) = &feed {
                return crate::changes::feed_page!(
                    conn,
                    &caller,
                    feed,
                    filtered,
                    indicators,
                    IndicatorRow,
                    None,
                    |conn, rows| to_views(conn, &caller, rows)
                );
            }
            let total: i64 = filtered().count().get_result(conn)?;
            let rows: Vec<IndicatorRow> = filtered()
                .order(indicators::code.asc())
                .limit(limit)
                .offset(offset)
                .select(IndicatorRow::as_select())
                .load(conn)?;
            let items = to_views(conn, &caller, rows)?;
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

pub fn create_in(
    conn: &mut DbConn,
    caller: &Caller,
    input: CreateIndicator,
) -> Result<(Indicator, i32), ApiError> {
    crate::policy::plan_indicators(caller)?;
    if !caller.sees_agency(conn, &input.owner_agency_id)? {
        return Err(ApiError::invalid_as(
            "owner_agency_id",
            FieldCode::NotFound,
            "no such agency in your scope",
        ));
    }
    let components = check(
        conn,
        caller,
        None,
        &Draft {
            group: input.group,
            frequency: input.frequency,
            owner_agency_id: &input.owner_agency_id,
            reporting_agency_ids: &input.reporting_agency_ids,
            reporting_agency_kind: input.reporting_agency_kind,
            source_agency_id: input.source_agency_id.as_deref(),
            task_id: input.task_id.as_deref(),
            drives_task_progress: input.drives_task_progress,
            baseline_period: input.baseline_period.as_deref(),
            target_value: input.target_value,
            target_period: input.target_period.as_deref(),
            formula: input.formula.as_deref(),
            numbers: [
                ("baseline_value", input.baseline_value),
                ("target_value", input.target_value),
            ],
            touches_progress: true,
        },
    )?;
    let taken: i64 = indicators::table
        .filter(indicators::code.eq(&input.code))
        .count()
        .get_result(conn)?;
    if taken > 0 {
        return Err(duplicate(&input.code));
    }
    let id = new_id();
    let now = now();
    diesel::insert_into(indicators::table)
        .values((
            indicators::id.eq(&id),
            indicators::code.eq(&input.code),
            indicators::name.eq(input.name.trim()),
            indicators::description.eq(&input.description),
            indicators::indicator_group.eq(input.group.as_str()),
            indicators::unit.eq(&input.unit),
            indicators::value_type.eq(input.value_type.as_str()),
            indicators::direction.eq(input.direction.as_str()),
            indicators::aggregation.eq(input.aggregation.as_str()),
            indicators::frequency.eq(input.frequency.as_str()),
            indicators::owner_agency_id.eq(&input.owner_agency_id),
            indicators::reporting_agency_kind.eq(input.reporting_agency_kind.map(|k| k.as_str())),
            indicators::source_agency_id.eq(&input.source_agency_id),
            indicators::task_id.eq(&input.task_id),
            indicators::drives_task_progress.eq(input.drives_task_progress),
            indicators::baseline_value.eq(input.baseline_value),
            indicators::baseline_period.eq(&input.baseline_period),
            indicators::target_value.eq(input.target_value),
            indicators::target_period.eq(&input.target_period),
            indicators::formula.eq(&input.formula),
            indicators::definition.eq(&input.definition),
            indicators::data_source.eq(&input.data_source),
            indicators::method.eq(&input.method),
            indicators::verification.eq(&input.verification),
            indicators::version.eq(1),
            indicators::created_at.eq(now),
            indicators::updated_at.eq(now),
        ))
        .execute(conn)?;
    save_links(conn, &id, Some(&input.reporting_agency_ids), &components)?;
    let row: IndicatorRow = indicators::table
        .find(&id)
        .select(IndicatorRow::as_select())
        .first(conn)?;
    audit::record::<(), _>(
        conn,
        &caller.actor(),
        Change {
            action: "create",
            entity_type: "indicator",
            entity_id: &id,
            agency_id: Some(&row.owner_agency_id),
            before: None,
            after: Some(&row),
        },
    )?;
    super::stats::refresh_indicator(conn, &row.id)?;
    prepare(conn, caller, row)
}

/// Defines an indicator (planners of the owner agency's subtree).
#[utoipa::path(
    tag = "indicators",
    request_body = CreateIndicator,
    security(("bearer" = [])),
    responses(
        (status = 201, body = Indicator, headers(("ETag" = String))),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Duplicate code", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/indicators")]
pub async fn create_indicator(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<CreateIndicator>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let (body, version) = state
        .db
        .write(move |conn| create_in(conn, &caller, input))
        .await?;
    Ok(etag::tagged(StatusCode::CREATED, version, &body))
}

/// One indicator with its reference sheet.
#[utoipa::path(
    tag = "indicators",
    params(("id" = uuid::Uuid, Path, description = "Indicator id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Indicator, headers(("ETag" = String))),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/indicators/{id}")]
pub async fn get_indicator(
    state: web::Data<AppState>,
    indicator: Visible<IndicatorRow>,
) -> Result<HttpResponse, ApiError> {
    let Visible { caller, object } = indicator;
    let (body, version) = state
        .db
        .run(move |conn| prepare(conn, &caller, object))
        .await?;
    Ok(etag::tagged(StatusCode::OK, version, &body))
}

pub fn update_in(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    input: UpdateIndicator,
    if_match: Option<Result<String, ApiError>>,
) -> Result<(Indicator, i32), ApiError> {
    let before = visible(conn, caller, id)?;
    crate::policy::edit_indicator(caller, caller.sees_agency(conn, &before.owner_agency_id)?)?;
    if let Some(tag) = if_match {
        etag::check(&tag?, before.version)?;
    }
    if has_approved_values(conn, id)? {
        let changes = [
            (
                "unit",
                input.unit.as_ref().is_some_and(|u| *u != before.unit),
            ),
            (
                "value_type",
                input.value_type.is_some_and(|v| v != before.value_type()),
            ),
            (
                "direction",
                input.direction.is_some_and(|v| v != before.direction()),
            ),
            (
                "aggregation",
                input.aggregation.is_some_and(|v| v != before.aggregation()),
            ),
        ];
        if let Some((field, _)) = changes.iter().find(|(_, changed)| *changed) {
            let mut e = ApiError::conflict(
                ErrorCode::IndicatorLocked,
                format!("{field} cannot change once approved values exist"),
            );
            e.errors = vec![FieldError::new(*field, "is locked by approved values")];
            return Err(e);
        }
    }
    if let Some(code) = input.code.as_ref().filter(|c| **c != before.code) {
        let taken: i64 = indicators::table
            .filter(indicators::code.eq(code))
            .count()
            .get_result(conn)?;
        if taken > 0 {
            return Err(duplicate(code));
        }
        let used: i64 = indicator_components::table
            .filter(indicator_components::component_id.eq(&id))
            .count()
            .get_result(conn)?;
        if used > 0 {
            return Err(ApiError::conflict(
                ErrorCode::StillReferenced,
                "composite formulas use this code; change them first",
            ));
        }
    }
    let existing_reporters: Vec<String> = indicator_reporters::table
        .filter(indicator_reporters::indicator_id.eq(&id))
        .select(indicator_reporters::agency_id)
        .load(conn)?;
    let reporters = input
        .reporting_agency_ids
        .clone()
        .unwrap_or(existing_reporters);
    let kind = match (&input.reporting_agency_kind, &input.reporting_agency_ids) {
        (Some(k), _) => Some(*k),
        (None, Some(_)) => None,
        (None, None) => before
            .reporting_agency_kind
            .as_deref()
            .map(str::parse)
            .transpose()?,
    };
    let formula_text = input.formula.clone().or(before.formula.clone());
    let drives = input
        .drives_task_progress
        .unwrap_or(before.drives_task_progress);
    let task_id = match &input.task_id {
        Some(given) => given.clone(),
        None => before.task_id.clone(),
    };
    let touches_progress = input.task_id.as_ref().is_some_and(|t| before.task_id != *t)
        || (drives && !before.drives_task_progress)
        || input
            .formula
            .as_ref()
            .is_some_and(|f| before.formula.as_ref() != Some(f))
        || input
            .target_value
            .is_some_and(|v| before.target_value != Some(v))
        || input
            .baseline_value
            .is_some_and(|v| before.baseline_value != Some(v));
    let components = check(
        conn,
        caller,
        Some(id),
        &Draft {
            group: before.group(),
            frequency: before.frequency(),
            owner_agency_id: &before.owner_agency_id,
            reporting_agency_ids: &reporters,
            reporting_agency_kind: kind,
            // Checked when it changes (a source later merged or out of this caller's scope does
            // not block other edits).
            source_agency_id: input
                .source_agency_id
                .as_deref()
                .filter(|s| before.source_agency_id.as_deref() != Some(*s)),
            task_id: task_id.as_deref(),
            drives_task_progress: drives,
            baseline_period: input
                .baseline_period
                .as_deref()
                .or(before.baseline_period.as_deref()),
            target_value: input.target_value.or(before.target_value),
            target_period: input
                .target_period
                .as_deref()
                .or(before.target_period.as_deref()),
            formula: formula_text.as_deref(),
            numbers: [
                ("baseline_value", input.baseline_value),
                ("target_value", input.target_value),
            ],
            touches_progress,
        },
    )?;
    diesel::update(indicators::table.find(&id))
        .set((
            (
                input.code.as_ref().map(|v| indicators::code.eq(v)),
                input.name.as_ref().map(|v| indicators::name.eq(v.trim())),
                input
                    .description
                    .as_ref()
                    .map(|v| indicators::description.eq(v)),
                input.unit.as_ref().map(|v| indicators::unit.eq(v)),
                input
                    .value_type
                    .map(|v| indicators::value_type.eq(v.as_str())),
                input
                    .direction
                    .map(|v| indicators::direction.eq(v.as_str())),
                input
                    .aggregation
                    .map(|v| indicators::aggregation.eq(v.as_str())),
                indicators::reporting_agency_kind.eq(kind.map(|k| k.as_str())),
            ),
            input
                .source_agency_id
                .as_ref()
                .map(|v| indicators::source_agency_id.eq(Some(v))),
            input
                .task_id
                .as_ref()
                .map(|v| indicators::task_id.eq(v.as_ref())),
            indicators::drives_task_progress.eq(drives),
            input
                .baseline_value
                .map(|v| indicators::baseline_value.eq(Some(v))),
            input
                .baseline_period
                .as_ref()
                .map(|v| indicators::baseline_period.eq(Some(v))),
            input
                .target_value
                .map(|v| indicators::target_value.eq(Some(v))),
            input
                .target_period
                .as_ref()
                .map(|v| indicators::target_period.eq(Some(v))),
            input
                .formula
                .as_ref()
                .map(|v| indicators::formula.eq(Some(v))),
            (
                input
                    .definition
                    .as_ref()
                    .map(|v| indicators::definition.eq(v)),
                input
                    .data_source
                    .as_ref()
                    .map(|v| indicators::data_source.eq(v)),
                input.method.as_ref().map(|v| indicators::method.eq(v)),
                input
                    .verification
                    .as_ref()
                    .map(|v| indicators::verification.eq(v)),
                indicators::version.eq(indicators::version + 1),
                indicators::updated_at.eq(now()),
            ),
        ))
        .execute(conn)?;
    let reporters_changed =
        input.reporting_agency_ids.is_some() || input.reporting_agency_kind.is_some();
    let reporters_to_save: Vec<String> = if kind.is_some() {
        Vec::new()
    } else {
        reporters
    };
    save_links(
        conn,
        id,
        reporters_changed.then_some(&reporters_to_save[..]),
        &components,
    )?;
    let after: IndicatorRow = indicators::table
        .find(&id)
        .select(IndicatorRow::as_select())
        .first(conn)?;
    audit::record(
        conn,
        &caller.actor(),
        Change {
            action: "update",
            entity_type: "indicator",
            entity_id: id,
            agency_id: Some(&after.owner_agency_id),
            before: Some(&before),
            after: Some(&after),
        },
    )?;
    if after.drives_task_progress {
        super::series::drive_task_progress(conn, &caller.actor(), &after)?;
    }
    super::stats::refresh_indicator(conn, &after.id)?;
    prepare(conn, caller, after)
}

/// Changes an indicator (planners of the owner's subtree); needs `If-Match`.
#[utoipa::path(
    tag = "indicators",
    params(
        ("id" = uuid::Uuid, Path, description = "Indicator id"),
        ("If-Match" = String, Header, description = "The ETag from the last read"),
    ),
    request_body = UpdateIndicator,
    security(("bearer" = [])),
    responses(
        (status = 200, body = Indicator, headers(("ETag" = String))),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Duplicate code, locked field, or code used by a formula", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/indicators/{id}")]
pub async fn update_indicator(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    id: web::Path<String>,
    body: Json<UpdateIndicator>,
) -> Result<HttpResponse, ApiError> {
    let id = object_id(&id, "indicator")?;
    let if_match = etag::required_if_match(&req);
    let input = body.0;
    let (body, version) = state
        .db
        .write(move |conn| update_in(conn, &caller, &id, input, Some(if_match)))
        .await?;
    Ok(etag::tagged(StatusCode::OK, version, &body))
}

fn load_targets(conn: &mut DbConn, ind: &IndicatorRow) -> Result<Targets, ApiError> {
    let rows: Vec<(String, String, f64)> = indicator_targets::table
        .filter(indicator_targets::indicator_id.eq(&ind.id))
        .select((
            indicator_targets::period,
            indicator_targets::agency_id,
            indicator_targets::value,
        ))
        .order((indicator_targets::period, indicator_targets::agency_id))
        .load(conn)?;
    Ok(Targets {
        baseline_value: ind.baseline_value,
        baseline_period: ind.baseline_period.clone(),
        target_value: ind.target_value,
        target_period: ind.target_period.clone(),
        direction: ind.direction(),
        interim: rows
            .into_iter()
            .map(|(period, agency, value)| InterimTarget {
                period,
                agency_id: (!agency.is_empty()).then_some(agency),
                value,
            })
            .collect(),
    })
}

/// Baseline, final and interim targets.
#[utoipa::path(
    operation_id = "get_indicator_targets",
    tag = "indicators",
    params(("id" = uuid::Uuid, Path, description = "Indicator id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Targets),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/indicators/{id}/targets")]
pub async fn get_targets(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<Targets>, ApiError> {
    let id = object_id(&id, "indicator")?;
    let targets = state
        .db
        .run(move |conn| {
            let ind = visible(conn, &caller, &id)?;
            let mut targets = load_targets(conn, &ind)?;
            // Targets set for one agency are that agency's (and its supervisors') business.
            let mut seen: BTreeMap<String, bool> = BTreeMap::new();
            let mut kept = Vec::with_capacity(targets.interim.len());
            for t in targets.interim {
                let keep = match &t.agency_id {
                    None => true,
                    Some(a) => match seen.get(a) {
                        Some(k) => *k,
                        None => {
                            let k = caller.sees_agency(conn, a)?;
                            seen.insert(a.clone(), k);
                            k
                        }
                    },
                };
                if keep {
                    kept.push(t);
                }
            }
            targets.interim = kept;
            Ok(targets)
        })
        .await?;
    Ok(web::Json(targets))
}

/// Replaces an indicator's interim targets: the service behind `PUT /indicators/{id}/targets` and
/// the seeds.
pub fn put_targets_in(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    input: &PutTargets,
) -> Result<Targets, ApiError> {
    let ind = visible(conn, caller, id)?;
    crate::policy::edit_indicator(caller, caller.sees_agency(conn, &ind.owner_agency_id)?)?;
    let mut errors = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, t) in input.interim.iter().enumerate() {
        match t.period.parse::<Period>() {
            Ok(p) if p.frequency() == ind.frequency().period_frequency() => {}
            Ok(_) => errors.push(FieldError::coded(
                format!("interim[{i}].period"),
                FieldCode::Format,
                format!("must be a {} period", ind.frequency().as_str()),
            )),
            Err(e) => errors.push(FieldError::new(
                format!("interim[{i}].period"),
                e.to_string(),
            )),
        }
        if !t.value.is_finite() {
            errors.push(FieldError::coded(
                format!("interim[{i}].value"),
                FieldCode::Format,
                "must be a finite number",
            ));
        }
        if let Some(agency) = &t.agency_id {
            if !super::is_reporting_agency(conn, &ind, agency)? {
                errors.push(FieldError::new(
                    format!("interim[{i}].agency_id"),
                    "is not a reporting agency of this indicator",
                ));
            }
        }
        if !seen.insert((t.period.clone(), t.agency_id.clone())) {
            errors.push(FieldError::coded(
                format!("interim[{i}]"),
                FieldCode::Duplicate,
                "the same period and agency appear twice",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let before = load_targets(conn, &ind)?;
    diesel::delete(indicator_targets::table.filter(indicator_targets::indicator_id.eq(id)))
        .execute(conn)?;
    for t in &input.interim {
        diesel::insert_into(indicator_targets::table)
            .values((
                indicator_targets::indicator_id.eq(id),
                indicator_targets::period.eq(&t.period),
                indicator_targets::agency_id.eq(t.agency_id.clone().unwrap_or_default()),
                indicator_targets::value.eq(t.value),
            ))
            .execute(conn)?;
    }
    let after = load_targets(conn, &ind)?;
    audit::record(
        conn,
        &caller.actor(),
        Change {
            action: "update_targets",
            entity_type: "indicator",
            entity_id: id,
            agency_id: Some(&ind.owner_agency_id),
            before: Some(&before),
            after: Some(&after),
        },
    )?;
    super::stats::refresh_indicator(conn, id)?;
    Ok(after)
}

/// Replaces the interim targets (planners of the owner's subtree). Periods must match the
/// indicator's frequency; an `agency_id` must be one of its reporting agencies.
#[utoipa::path(
    operation_id = "put_indicator_targets",
    tag = "indicators",
    params(("id" = uuid::Uuid, Path, description = "Indicator id")),
    request_body = PutTargets,
    security(("bearer" = [])),
    responses(
        (status = 200, body = Targets),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/indicators/{id}/targets")]
pub async fn put_targets(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<PutTargets>,
) -> Result<web::Json<Targets>, ApiError> {
    let id = object_id(&id, "indicator")?;
    let input = body.0;
    let targets = state
        .db
        .write(move |conn| put_targets_in(conn, &caller, &id, &input))
        .await?;
    Ok(web::Json(targets))
}
