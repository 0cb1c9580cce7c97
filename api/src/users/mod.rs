//! User accounts: one agency each, roles, activation. Managed by admins and agency admins within
//! their subtree.

pub mod handlers;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::roles::{self, Role};
use crate::auth::Caller;
use crate::db::schema::users;
use crate::policy::{self, UserActions};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub agency_id: String,
    pub roles: String,
    pub active: bool,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A user account (never with its password hash).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct User {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub agency_id: String,
    pub roles: Vec<Role>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// What the caller may do with this login now.
    pub actions: UserActions,
}

impl User {
    /// The login as the caller sees it, with what the caller may do to it.
    pub fn view(r: UserRow, caller: &Caller) -> Self {
        let account = Account::from(r);
        let actions = policy::user_actions(
            caller,
            account.roles.contains(&Role::Admin),
            account.id == caller.user_id,
        );
        Self {
            id: account.id,
            username: account.username,
            display_name: account.display_name,
            agency_id: account.agency_id,
            roles: account.roles,
            active: account.active,
            created_at: account.created_at,
            updated_at: account.updated_at,
            actions,
        }
    }
}

/// A login as the audit trail records it (what it is, not what anyone may do with it).
#[derive(Debug, Clone, Serialize)]
pub struct Account {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub agency_id: String,
    pub roles: Vec<Role>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<UserRow> for Account {
    fn from(r: UserRow) -> Self {
        Self {
            roles: roles::decode(&r.roles),
            id: r.id,
            username: r.username,
            display_name: r.display_name,
            agency_id: r.agency_id,
            active: r.active,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        }
    }
}

/// The display names of some users, by id (for views that name who did what; one query per 500).
pub fn display_names<'a>(
    conn: &mut crate::db::DbConn,
    ids: impl IntoIterator<Item = &'a str>,
) -> Result<std::collections::HashMap<String, String>, crate::error::ApiError> {
    let ids: std::collections::BTreeSet<&str> = ids.into_iter().collect();
    let ids: Vec<&str> = ids.into_iter().collect();
    let mut out = std::collections::HashMap::new();
    for chunk in ids.chunks(500) {
        out.extend(
            users::table
                .filter(users::id.eq_any(chunk))
                .select((users::id, users::display_name))
                .load::<(String, String)>(conn)?,
        );
    }
    Ok(out)
}
