//! Indicators (KPIs): a common catalogue read the same way by every agency, with one source and
//! one owner for every series of figures.

pub mod breakdown;
pub mod figures;
pub mod formula;
pub mod handlers;
pub mod series;
pub mod sets;
pub mod stats;
pub mod values;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::agencies::AgencyKind;
use crate::auth::Caller;
use crate::db::schema::{agencies, indicator_reporters, indicators};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::period::Frequency as PeriodFrequency;
use crate::scope;

text_enum!(
    /// The five indicator groups.
    IndicatorGroup { Input => "input", Process => "process", Output => "output", Outcome => "outcome", Composite => "composite" }
);
text_enum!(ValueType { Number => "number", Percent => "percent", Boolean => "boolean" });
text_enum!(
    /// Whether higher (`increase`) or lower (`decrease`) is better.
    Direction { Increase => "increase", Decrease => "decrease" }
);
text_enum!(
    /// How the figures of several agencies combine for one period.
    Aggregation { Sum => "sum", Average => "average", Min => "min", Max => "max", Last => "last" }
);
text_enum!(Frequency { Monthly => "monthly", Quarterly => "quarterly", HalfYearly => "half_yearly", Yearly => "yearly" });

impl Frequency {
    pub fn period_frequency(self) -> PeriodFrequency {
        match self {
            Frequency::Monthly => PeriodFrequency::Monthly,
            Frequency::Quarterly => PeriodFrequency::Quarterly,
            Frequency::HalfYearly => PeriodFrequency::HalfYearly,
            Frequency::Yearly => PeriodFrequency::Yearly,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = indicators)]
pub struct IndicatorRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub description: String,
    #[diesel(deserialize_as = String)]
    pub indicator_group: IndicatorGroup,
    pub unit: String,
    #[diesel(deserialize_as = String)]
    pub value_type: ValueType,
    #[diesel(deserialize_as = String)]
    pub direction: Direction,
    #[diesel(deserialize_as = String)]
    pub aggregation: Aggregation,
    #[diesel(deserialize_as = String)]
    pub frequency: Frequency,
    pub owner_agency_id: String,
    pub reporting_agency_kind: Option<String>,
    pub source_agency_id: Option<String>,
    pub task_id: Option<String>,
    pub drives_task_progress: bool,
    pub baseline_value: Option<f64>,
    pub baseline_period: Option<String>,
    pub target_value: Option<f64>,
    pub target_period: Option<String>,
    pub formula: Option<String>,
    pub definition: String,
    pub data_source: String,
    pub method: String,
    pub verification: String,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl IndicatorRow {
    pub fn group(&self) -> IndicatorGroup {
        self.indicator_group
    }
    pub fn value_type(&self) -> ValueType {
        self.value_type
    }
    pub fn direction(&self) -> Direction {
        self.direction
    }
    pub fn aggregation(&self) -> Aggregation {
        self.aggregation
    }
    pub fn frequency(&self) -> Frequency {
        self.frequency
    }
}

/// An indicator (chỉ tiêu) with its reference sheet.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Indicator {
    pub id: String,
    /// Unique; 1–64 letters, digits and `-_./`, for example `DT_DOCS`, `0101` or `CT-57-01`
    /// (formulas write it in braces: `{CT-57-01}`).
    pub code: String,
    pub name: String,
    pub description: String,
    pub group: IndicatorGroup,
    pub unit: String,
    pub value_type: ValueType,
    pub direction: Direction,
    pub aggregation: Aggregation,
    pub frequency: Frequency,
    pub owner_agency_id: String,
    /// The owner's name, readable also by agencies below it.
    pub owner_agency_name: String,
    /// Explicit reporting agencies (empty when `reporting_agency_kind` or the owner alone applies).
    pub reporting_agency_ids: Vec<String>,
    /// Every agency of this kind in the owner's subtree reports, including ones created later.
    pub reporting_agency_kind: Option<AgencyKind>,
    /// The one agency that writes every series, when not each reporting agency itself.
    pub source_agency_id: Option<String>,
    pub source_agency_name: Option<String>,
    pub task_id: Option<String>,
    /// Whether the approved figures set the linked task's progress (baseline → target).
    pub drives_task_progress: bool,
    pub baseline_value: Option<f64>,
    pub baseline_period: Option<String>,
    pub target_value: Option<f64>,
    pub target_period: Option<String>,
    /// Composite indicators only.
    pub formula: Option<String>,
    pub definition: String,
    pub data_source: String,
    pub method: String,
    pub verification: String,
    /// Whether approved values exist (unit, value type, direction and aggregation are then locked).
    pub locked: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// What the caller may do with this indicator now.
    pub actions: crate::policy::IndicatorActions,
}

impl Indicator {
    pub fn from_row(
        r: IndicatorRow,
        reporting_agency_ids: Vec<String>,
        locked: bool,
        names: (String, Option<String>),
        actions: crate::policy::IndicatorActions,
    ) -> Result<Self, ApiError> {
        Ok(Self {
            actions,
            owner_agency_name: names.0,
            source_agency_name: names.1,
            group: r.group(),
            value_type: r.value_type(),
            direction: r.direction(),
            aggregation: r.aggregation(),
            frequency: r.frequency(),
            reporting_agency_kind: r
                .reporting_agency_kind
                .as_deref()
                .map(str::parse)
                .transpose()?,
            reporting_agency_ids,
            locked,
            id: r.id,
            code: r.code,
            name: r.name,
            description: r.description,
            unit: r.unit,
            owner_agency_id: r.owner_agency_id,
            source_agency_id: r.source_agency_id,
            task_id: r.task_id,
            drives_task_progress: r.drives_task_progress,
            baseline_value: r.baseline_value,
            baseline_period: r.baseline_period,
            target_value: r.target_value,
            target_period: r.target_period,
            formula: r.formula,
            definition: r.definition,
            data_source: r.data_source,
            method: r.method,
            verification: r.verification,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        })
    }
}

/// What decides which indicators a caller sees, read once per request (two small queries).
///
/// The catalogue is a common language: an indicator is seen by the agencies above and below its
/// owner, by its source agency's subtree, and by every agency whose part of the tree reports it —
/// named one by one, through a sector line the owner heads (a province sees what the Ministry of
/// Education asks of its Department of Education), or, for a ministry's indicator reported by every
/// province or commune, by those (docs/roles.md).
pub struct Sight {
    agency: String,
    /// The heads of the sector lines that reach the caller's part of the tree.
    heads: Vec<String>,
    /// `province` and/or `commune` when the caller is one, below one or above one.
    national_kinds: Vec<String>,
}

impl Sight {
    pub fn of(conn: &mut DbConn, caller: &Caller) -> Result<Self, ApiError> {
        let agency = caller.agency_id.as_str();
        let national: Vec<&str> = NATIONAL_KINDS.iter().map(|k| k.as_str()).collect();
        let national_kinds: Vec<String> = agencies::table
            .filter(
                agencies::id
                    .eq_any(scope::subtree_ids(agency))
                    .or(agencies::id.eq_any(scope::ancestor_ids(agency))),
            )
            .filter(agencies::kind.eq_any(national))
            .select(agencies::kind)
            .distinct()
            .load(conn)?;
        Ok(Self {
            agency: caller.agency_id.clone(),
            heads: crate::sectors::heads_near(conn, caller)?,
            national_kinds,
        })
    }

    /// `sel` narrowed to the indicators seen.
    pub fn filter<'a>(
        &'a self,
        sel: indicators::BoxedQuery<'a, crate::db::Backend>,
    ) -> indicators::BoxedQuery<'a, crate::db::Backend> {
        let a = self.agency.as_str();
        let reported_below = indicator_reporters::table
            .filter(indicator_reporters::agency_id.eq_any(scope::subtree_ids(a)))
            .select(indicator_reporters::indicator_id);
        let ministries = agencies::table
            .filter(agencies::kind.eq(AgencyKind::Ministry.as_str()))
            .select(agencies::id);
        sel.filter(
            indicators::owner_agency_id
                .eq_any(scope::subtree_ids(a))
                .or(indicators::owner_agency_id.eq_any(scope::ancestor_ids(a)))
                .or(indicators::source_agency_id.eq_any(scope::subtree_ids_nullable(a)))
                .or(indicators::id.eq_any(reported_below))
                .or(indicators::owner_agency_id
                    .eq_any(&self.heads)
                    .and(indicators::reporting_agency_kind.is_not_null()))
                .or(indicators::reporting_agency_kind
                    .assume_not_null()
                    .eq_any(&self.national_kinds)
                    .and(indicators::owner_agency_id.eq_any(ministries))),
        )
    }
}

/// Indicators a caller may see ([`Sight`]).
pub fn visible(conn: &mut DbConn, caller: &Caller, id: &str) -> Result<IndicatorRow, ApiError> {
    let sight = Sight::of(conn, caller)?;
    sight
        .filter(indicators::table.filter(indicators::id.eq(id)).into_boxed())
        .select(IndicatorRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("indicator"))
}

/// The kinds a ministry's indicator may name to be reported by every such agency in the country,
/// whatever its sector line: every province, every commune.
pub const NATIONAL_KINDS: [AgencyKind; 2] = [AgencyKind::Province, AgencyKind::Commune];

/// Whether an indicator owned by an agency of `owner_kind` and reported by kind reaches every
/// agency of `kind` in the country (a ministry's, by province or by commune).
fn national(owner_kind: AgencyKind, kind: AgencyKind) -> bool {
    owner_kind == AgencyKind::Ministry && NATIONAL_KINDS.contains(&kind)
}

fn kind_of(conn: &mut DbConn, agency: &str) -> Result<Option<AgencyKind>, ApiError> {
    let kind: Option<String> = agencies::table
        .find(agency)
        .select(agencies::kind)
        .first(conn)
        .optional()?;
    Ok(kind.map(|k| k.parse()).transpose()?)
}

/// Whether an owner's indicator may collect figures from `agency`: an agency of the owner's
/// subtree or of its sector line, or — for a ministry — any province or commune.
pub fn within_reach(conn: &mut DbConn, owner: &str, agency: &str) -> Result<bool, ApiError> {
    if scope::contains(conn, owner, agency)? || crate::sectors::in_line(conn, owner, agency)? {
        return Ok(true);
    }
    Ok(match (kind_of(conn, owner)?, kind_of(conn, agency)?) {
        (Some(o), Some(a)) => national(o, a),
        _ => false,
    })
}

/// The active agencies of `kind` an owner's indicator reaches (see [`within_reach`]), as a query.
fn of_kind_in_reach<'a>(
    owner: &'a str,
    owner_kind: Option<AgencyKind>,
    kind: &'a str,
) -> agencies::BoxedQuery<'a, crate::db::Backend> {
    let mut q = agencies::table
        .filter(agencies::kind.eq(kind))
        .filter(agencies::status.eq("active"))
        .into_boxed();
    let everywhere = match (owner_kind, kind.parse::<AgencyKind>()) {
        (Some(o), Ok(k)) => national(o, k),
        _ => false,
    };
    if !everywhere {
        q = q.filter(
            agencies::id
                .eq_any(scope::subtree_ids(owner))
                .or(agencies::id.eq_any(crate::sectors::line_ids(owner))),
        );
    }
    q
}

impl crate::extract::Load for IndicatorRow {
    const WHAT: &'static str = "indicator";
    fn load(conn: &mut DbConn, caller: &Caller, id: &str) -> Result<Self, ApiError> {
        visible(conn, caller, id)
    }
}

/// Rewrites every stored formula to write its codes in braces (`formula::braced`); run once by the
/// migration that allowed codes with `-` and `/`. Returns how many changed.
pub fn brace_stored_formulas(conn: &mut DbConn) -> Result<usize, ApiError> {
    let rows: Vec<(String, String)> = indicators::table
        .filter(indicators::formula.is_not_null())
        .select((indicators::id, indicators::formula.assume_not_null()))
        .load(conn)?;
    let mut changed = 0;
    for (id, text) in rows {
        // A formula that no longer parses is left as it was (its indicator shows it as invalid).
        if let Ok(braced) = formula::braced(&text) {
            if braced != text {
                diesel::update(indicators::table.find(&id))
                    .set(indicators::formula.eq(braced))
                    .execute(conn)?;
                changed += 1;
            }
        }
    }
    Ok(changed)
}

/// The agencies whose figures the indicator collects.
pub fn reporting_agencies(conn: &mut DbConn, ind: &IndicatorRow) -> Result<Vec<String>, ApiError> {
    if let Some(kind) = &ind.reporting_agency_kind {
        let owner_kind = kind_of(conn, &ind.owner_agency_id)?;
        return Ok(of_kind_in_reach(&ind.owner_agency_id, owner_kind, kind)
            .select(agencies::id)
            .order(agencies::code)
            .load(conn)?);
    }
    let explicit: Vec<String> = indicator_reporters::table
        .filter(indicator_reporters::indicator_id.eq(&ind.id))
        .select(indicator_reporters::agency_id)
        .order(indicator_reporters::agency_id)
        .load(conn)?;
    Ok(if explicit.is_empty() {
        vec![ind.owner_agency_id.clone()]
    } else {
        explicit
    })
}

/// Whether `agency` is one of the indicator's reporting agencies (one query).
pub fn is_reporting_agency(
    conn: &mut DbConn,
    ind: &IndicatorRow,
    agency: &str,
) -> Result<bool, ApiError> {
    if let Some(kind) = &ind.reporting_agency_kind {
        let owner_kind = kind_of(conn, &ind.owner_agency_id)?;
        let n: i64 = of_kind_in_reach(&ind.owner_agency_id, owner_kind, kind)
            .filter(agencies::id.eq(agency))
            .count()
            .get_result(conn)?;
        return Ok(n > 0);
    }
    let explicit: Vec<String> = indicator_reporters::table
        .filter(indicator_reporters::indicator_id.eq(&ind.id))
        .select(indicator_reporters::agency_id)
        .load(conn)?;
    Ok(if explicit.is_empty() {
        agency == ind.owner_agency_id
    } else {
        explicit.iter().any(|a| a == agency)
    })
}

/// The agency that writes the series about `agency`: the indicator's source, else the agency.
/// The series (reporting agencies) whose figures the caller's agency is the one source of: all of
/// them when it is the indicator's source agency, else its own series if it reports the indicator.
/// Composite indicators are computed, never written.
pub fn series_written_by(
    conn: &mut DbConn,
    caller: &Caller,
    ind: &IndicatorRow,
) -> Result<Vec<String>, ApiError> {
    if ind.group() == IndicatorGroup::Composite {
        return Ok(Vec::new());
    }
    match ind.source_agency_id.as_deref() {
        Some(source) if source == caller.agency_id => reporting_agencies(conn, ind),
        Some(_) => Ok(Vec::new()),
        None if is_reporting_agency(conn, ind, &caller.agency_id)? => {
            Ok(vec![caller.agency_id.clone()])
        }
        None => Ok(Vec::new()),
    }
}

pub fn source_of<'a>(ind: &'a IndicatorRow, agency: &'a str) -> &'a str {
    ind.source_agency_id.as_deref().unwrap_or(agency)
}
