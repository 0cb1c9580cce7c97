//! Agencies: the hierarchy from the central office down to communes, with the closure table that
//! makes "everything in this subtree" one indexed query on both backends.

pub mod handlers;
pub mod history;
pub mod merge;
pub mod tree;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::schema::agencies;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgencyKind {
    Central,
    Ministry,
    Province,
    Commune,
    Department,
    Other,
}

impl AgencyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AgencyKind::Central => "central",
            AgencyKind::Ministry => "ministry",
            AgencyKind::Province => "province",
            AgencyKind::Commune => "commune",
            AgencyKind::Department => "department",
            AgencyKind::Other => "other",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgencyStatus {
    Active,
    Merged,
    Dissolved,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = agencies)]
pub struct AgencyRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub parent_id: Option<String>,
    pub depth: i32,
    pub status: String,
    pub merged_into_id: Option<String>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// An agency (cơ quan, đơn vị).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Agency {
    pub id: String,
    /// Unique code, for example `BKHCN` or `HN`.
    pub code: String,
    pub name: String,
    pub kind: AgencyKind,
    /// Null only for the root agency.
    pub parent_id: Option<String>,
    /// 0 for the root, 1 for its children, …
    pub depth: i32,
    pub status: AgencyStatus,
    pub merged_into_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub fn parse_kind(s: &str) -> AgencyKind {
    serde_json::from_value(serde_json::Value::String(s.to_string())).unwrap_or(AgencyKind::Other)
}

fn parse_status(s: &str) -> AgencyStatus {
    serde_json::from_value(serde_json::Value::String(s.to_string())).unwrap_or(AgencyStatus::Active)
}

impl From<AgencyRow> for Agency {
    fn from(r: AgencyRow) -> Self {
        Self {
            kind: parse_kind(&r.kind),
            status: parse_status(&r.status),
            id: r.id,
            code: r.code,
            name: r.name,
            parent_id: r.parent_id,
            depth: r.depth,
            merged_into_id: r.merged_into_id,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        }
    }
}
