//! The audit trail: every mutation writes who, when, what, before and after, in the same
//! transaction as the change (so a rolled-back change leaves no audit row), and `GET /audit`
//! reads it back within the caller's agency subtree.

pub mod handlers;

use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::audit_log;
use crate::db::{new_id, now, DbConn};
use crate::error::ApiError;

text_enum!(
    /// Who acts: a person, a ministry system's API key, or the service itself.
    ActorKind { User => "user", ApiKey => "api_key", System => "system" }
);

/// Who did it.
#[derive(Clone, Debug)]
pub struct Actor {
    pub id: Option<String>,
    pub name: String,
    pub kind: ActorKind,
    pub request_id: Option<String>,
}

impl Actor {
    pub fn system(name: &str) -> Self {
        Self {
            id: None,
            name: name.to_string(),
            kind: ActorKind::System,
            request_id: None,
        }
    }
}

/// One audit record, written with [`record`].
pub struct Change<'a, B: Serialize, A: Serialize> {
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: &'a str,
    /// The agency whose subtree may read this record: the object's agency, or for an agency the
    /// parent that manages it (so that its history stays readable after a deletion).
    pub agency_id: Option<&'a str>,
    pub before: Option<&'a B>,
    pub after: Option<&'a A>,
}

pub fn record<B: Serialize, A: Serialize>(
    conn: &mut DbConn,
    actor: &Actor,
    change: Change<'_, B, A>,
) -> Result<(), ApiError> {
    let before = change.before.map(serde_json::to_string).transpose()?;
    let after = change.after.map(serde_json::to_string).transpose()?;
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::id.eq(new_id()),
            audit_log::at.eq(now()),
            audit_log::actor_id.eq(actor.id.as_deref()),
            audit_log::actor_name.eq(&actor.name),
            audit_log::actor_kind.eq(actor.kind.as_str()),
            audit_log::action.eq(change.action),
            audit_log::entity_type.eq(change.entity_type),
            audit_log::entity_id.eq(change.entity_id),
            audit_log::agency_id.eq(change.agency_id),
            audit_log::before_json.eq(before),
            audit_log::after_json.eq(after),
            audit_log::request_id.eq(actor.request_id.as_deref()),
        ))
        .execute(conn)?;
    Ok(())
}
