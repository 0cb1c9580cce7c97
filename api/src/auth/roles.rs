use std::fmt;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a user may do; every role is limited to the user's agency subtree.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, in the subtree.
    Admin,
    /// Agencies and user accounts in the subtree.
    AgencyAdmin,
    /// Resolutions, tasks and indicators in the subtree.
    Planner,
    /// Progress reports and KPI values of the user's own agency.
    Reporter,
    /// Approves or returns data of the agency and its subtree.
    Approver,
    /// Reads.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Admin,
        Role::AgencyAdmin,
        Role::Planner,
        Role::Reporter,
        Role::Approver,
        Role::Viewer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::AgencyAdmin => "agency_admin",
            Role::Planner => "planner",
            Role::Reporter => "reporter",
            Role::Approver => "approver",
            Role::Viewer => "viewer",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Roles are stored as a JSON array of names.
pub fn encode(roles: &[Role]) -> String {
    let mut sorted = roles.to_vec();
    sorted.sort();
    sorted.dedup();
    serde_json::to_string(&sorted).unwrap_or_else(|_| "[]".into())
}

pub fn decode(stored: &str) -> Vec<Role> {
    serde_json::from_str(stored).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_sorted_unique() {
        let s = encode(&[Role::Viewer, Role::Admin, Role::Viewer]);
        assert_eq!(s, r#"["admin","viewer"]"#);
        assert_eq!(decode(&s), vec![Role::Admin, Role::Viewer]);
        assert!(decode("garbage").is_empty());
    }
}
