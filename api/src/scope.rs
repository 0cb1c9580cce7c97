//! The agency-subtree scope, in one place. Every read and write of an agency-owned object is
//! limited to the caller's agency and the agencies below it, through the closure table.

use diesel::prelude::*;

use crate::db::schema::agency_closure;
use crate::db::DbConn;
use crate::error::ApiError;

/// The ids of `root` and every agency below it, as a subquery for `eq_any`.
#[diesel::dsl::auto_type(no_type_alias)]
pub fn subtree_ids<'a>(root: &'a str) -> _ {
    agency_closure::table
        .filter(agency_closure::ancestor_id.eq(root))
        .select(agency_closure::descendant_id)
}

/// [`subtree_ids`] for comparison with a nullable column.
#[diesel::dsl::auto_type(no_type_alias)]
pub fn subtree_ids_nullable<'a>(root: &'a str) -> _ {
    agency_closure::table
        .filter(agency_closure::ancestor_id.eq(root))
        .select(agency_closure::descendant_id.nullable())
}

/// The ids of `agency` and every agency above it, as a subquery for `eq_any`.
#[diesel::dsl::auto_type(no_type_alias)]
pub fn ancestor_ids<'a>(agency: &'a str) -> _ {
    agency_closure::table
        .filter(agency_closure::descendant_id.eq(agency))
        .select(agency_closure::ancestor_id)
}

/// Which of `agencies` are `ancestor` or below it (one query per 500 ids): the scope checks of a
/// whole page of objects at once.
pub fn contained<S: AsRef<str>>(
    conn: &mut DbConn,
    ancestor: &str,
    agencies: impl IntoIterator<Item = S>,
) -> Result<std::collections::HashSet<String>, ApiError> {
    let ids: Vec<String> = agencies
        .into_iter()
        .map(|a| a.as_ref().to_string())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut found = std::collections::HashSet::new();
    for chunk in ids.chunks(500) {
        found.extend(
            agency_closure::table
                .filter(agency_closure::ancestor_id.eq(ancestor))
                .filter(agency_closure::descendant_id.eq_any(chunk))
                .select(agency_closure::descendant_id)
                .load::<String>(conn)?,
        );
    }
    Ok(found)
}

/// Whether `descendant` is `ancestor` or below it (one primary-key lookup).
pub fn contains(conn: &mut DbConn, ancestor: &str, descendant: &str) -> Result<bool, ApiError> {
    let found: i64 = agency_closure::table
        .filter(agency_closure::ancestor_id.eq(ancestor))
        .filter(agency_closure::descendant_id.eq(descendant))
        .count()
        .get_result(conn)?;
    Ok(found > 0)
}
