//! Agencies: the hierarchy from the central office down to communes, with the closure table that
//! makes "everything in this subtree" one indexed query on both backends.

pub mod handlers;
pub mod history;
pub mod lineage;
pub mod merge;
pub mod national_map;
pub mod sector_heads;
pub mod split;
pub mod tree;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::db::schema::agencies;
use crate::policy::{self, AgencyActions, AgencyFacts};

text_enum!(
    /// What kind of body an agency is.
    AgencyKind { Central => "central", Ministry => "ministry", Province => "province", Commune => "commune", Department => "department", Other => "other" }
);

text_enum!(
    /// `merged`, `dissolved` and `split` agencies stay for history; new work goes to active ones.
    AgencyStatus { Active => "active", Merged => "merged", Dissolved => "dissolved", Split => "split" }
);

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = agencies)]
pub struct AgencyRow {
    pub id: String,
    pub code: String,
    pub name: String,
    #[diesel(deserialize_as = String)]
    pub kind: AgencyKind,
    pub parent_id: Option<String>,
    pub depth: i32,
    #[diesel(deserialize_as = String)]
    pub status: AgencyStatus,
    pub merged_into_id: Option<String>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub official_code: Option<String>,
    pub established_on: Option<NaiveDate>,
    pub sector_ministry_id: Option<String>,
}

/// An agency (cơ quan, đơn vị).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Agency {
    pub id: String,
    /// Unique code, for example `BKHCN` or `HN`.
    pub code: String,
    /// The state's official code of the administrative unit (`01` for Hà Nội, five digits for a
    /// commune), unique when set.
    pub official_code: Option<String>,
    pub name: String,
    pub kind: AgencyKind,
    /// Null only for the root agency.
    pub parent_id: Option<String>,
    /// 0 for the root, 1 for its children, …
    pub depth: i32,
    pub status: AgencyStatus,
    pub merged_into_id: Option<String>,
    /// The head of the sector line the agency belongs to besides its administrative parent: the
    /// ministry that guides it professionally (a province's Department of Health: the Ministry of
    /// Health), or a province's department for the units below it. Null when it is in none.
    pub sector_ministry_id: Option<String>,
    /// The day the agency was established (its history begins then): given when it was created,
    /// for example 1 July 2025 for the units of the reform; else the day it was recorded.
    pub established_on: NaiveDate,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// What the caller may do with this agency now (nothing, for a past day's hierarchy).
    pub actions: AgencyActions,
}

impl Agency {
    /// The agency as the caller sees it now, with what the caller may do to it.
    pub fn view(r: AgencyRow, caller: &Caller) -> Self {
        let facts = AgencyFacts::of(caller, &r.id, r.parent_id.as_deref(), r.status);
        Self::with_actions(r, policy::agency_actions(caller, &facts))
    }

    /// The agency as it was on a past day: history is read-only.
    pub fn past(r: AgencyRow) -> Self {
        Self::with_actions(r, AgencyActions::default())
    }

    fn with_actions(r: AgencyRow, actions: AgencyActions) -> Self {
        Self {
            actions,
            kind: r.kind,
            status: r.status,
            id: r.id,
            code: r.code,
            official_code: r.official_code,
            name: r.name,
            parent_id: r.parent_id,
            depth: r.depth,
            merged_into_id: r.merged_into_id,
            sector_ministry_id: r.sector_ministry_id,
            established_on: r.established_on.unwrap_or(r.created_at.date()),
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        }
    }
}

/// An agency named in another object's view (a committee's members, a pick list): enough to show it
/// and to send its id back, for agencies the caller may not open.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AgencyBrief {
    #[schema(format = Uuid)]
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: AgencyKind,
}

/// The columns of an [`AgencyBrief`], to `select` and then pass to [`AgencyBrief::from_rows`].
pub type BriefRow = (String, String, String, String);

impl AgencyBrief {
    pub const COLUMNS: (agencies::id, agencies::code, agencies::name, agencies::kind) =
        (agencies::id, agencies::code, agencies::name, agencies::kind);

    pub fn from_rows(rows: Vec<BriefRow>) -> Result<Vec<Self>, crate::error::ApiError> {
        rows.into_iter()
            .map(|(id, code, name, kind)| {
                Ok(AgencyBrief {
                    id,
                    code,
                    name,
                    kind: kind.parse()?,
                })
            })
            .collect()
    }
}

/// Agencies whose code or name contains the `LIKE` pattern of [`crate::search::pattern`], ignoring
/// case and diacritics.
pub fn code_or_name_like(pattern: String) -> CodeOrNameLike {
    use crate::search::search_fold;
    search_fold(agencies::code)
        .like(pattern.clone())
        .escape('\\')
        .or(search_fold(agencies::name).like(pattern).escape('\\'))
}

type FoldedLike<C> = diesel::dsl::Escape<diesel::dsl::Like<crate::search::search_fold<C>, String>>;
pub type CodeOrNameLike = diesel::dsl::Or<FoldedLike<agencies::code>, FoldedLike<agencies::name>>;

/// Some agencies as [`AgencyBrief`]s, in the order of `ids` (unknown ids are left out; one query
/// per 500).
pub fn briefs(
    conn: &mut crate::db::DbConn,
    ids: &[String],
) -> Result<Vec<AgencyBrief>, crate::error::ApiError> {
    let mut found = std::collections::HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<BriefRow> = agencies::table
            .filter(agencies::id.eq_any(chunk))
            .select(AgencyBrief::COLUMNS)
            .load(conn)?;
        for brief in AgencyBrief::from_rows(rows)? {
            found.insert(brief.id.clone(), brief);
        }
    }
    Ok(ids.iter().filter_map(|id| found.get(id).cloned()).collect())
}

/// The names of some agencies, by id (for views that name an agency the caller may not open, such
/// as the agency above that issued a directive; one query per 500).
pub fn names<'a>(
    conn: &mut crate::db::DbConn,
    ids: impl IntoIterator<Item = &'a str>,
) -> Result<std::collections::HashMap<String, String>, crate::error::ApiError> {
    let ids: std::collections::BTreeSet<&str> = ids.into_iter().collect();
    let ids: Vec<&str> = ids.into_iter().collect();
    let mut out = std::collections::HashMap::new();
    for chunk in ids.chunks(500) {
        out.extend(
            agencies::table
                .filter(agencies::id.eq_any(chunk))
                .select((agencies::id, agencies::name))
                .load::<(String, String)>(conn)?,
        );
    }
    Ok(out)
}
