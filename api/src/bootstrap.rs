//! First start: on an empty database create the root agency `ROOT` and the user `admin`.

use diesel::prelude::*;
use rand::distributions::{Alphanumeric, DistString};

use crate::agencies::tree::{self, NewAgency};
use crate::audit::{self, Actor, Change};
use crate::auth::password;
use crate::auth::roles::{self, Role};
use crate::db::schema::{agencies, users};
use crate::db::{new_id, now, write_transaction, DbConn};
use crate::error::ApiError;

pub const ROOT_CODE: &str = "ROOT";
pub const ADMIN_USERNAME: &str = "admin";

pub enum Bootstrap {
    /// The database already had agencies.
    AlreadyDone,
    /// Created; `generated_password` is set when no password was configured.
    Created { generated_password: Option<String> },
}

pub fn ensure(conn: &mut DbConn, admin_password: Option<&str>) -> Result<Bootstrap, ApiError> {
    let existing: i64 = agencies::table.count().get_result(conn)?;
    if existing > 0 {
        return Ok(Bootstrap::AlreadyDone);
    }
    let generated = admin_password
        .is_none()
        .then(|| Alphanumeric.sample_string(&mut rand::thread_rng(), 20));
    let chosen = admin_password.or(generated.as_deref()).unwrap_or_default();
    let hash = password::hash(chosen)?;
    let result = write_transaction(conn, |c| {
        let root = tree::insert(
            c,
            NewAgency {
                code: ROOT_CODE,
                name: "Văn phòng Trung ương Đảng",
                kind: "central",
                parent_id: None,
            },
        )?;
        let user_id = new_id();
        let now = now();
        diesel::insert_into(users::table)
            .values((
                users::id.eq(&user_id),
                users::username.eq(ADMIN_USERNAME),
                users::display_name.eq("Quản trị hệ thống"),
                users::agency_id.eq(&root),
                users::roles.eq(roles::encode(&[Role::Admin])),
                users::password_hash.eq(&hash),
                users::active.eq(true),
                users::version.eq(1),
                users::created_at.eq(now),
                users::updated_at.eq(now),
            ))
            .execute(c)?;
        let actor = Actor::system("bootstrap");
        for (entity_type, id) in [("agency", &root), ("user", &user_id)] {
            audit::record::<(), ()>(
                c,
                &actor,
                Change {
                    action: "create",
                    entity_type,
                    entity_id: id,
                    agency_id: Some(&root),
                    before: None,
                    after: None,
                },
            )?;
        }
        Ok(())
    });
    match result {
        Ok(()) => Ok(Bootstrap::Created {
            generated_password: generated,
        }),
        // Another instance bootstrapped the same database at the same moment.
        Err(e) if e.code == crate::error::ErrorCode::Duplicate => Ok(Bootstrap::AlreadyDone),
        Err(e) => Err(e),
    }
}
