//! Login throttling, kept in the database so that it holds across API instances: too many failures
//! for one username or from one client address within the window → 429 with `Retry-After`.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::db::schema::login_failures;
use crate::db::{new_id, now, DbConn};
use crate::error::ApiError;

#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub window_secs: i64,
    pub per_user: i64,
    pub per_address: i64,
}

/// Returns 429 when either limit is reached.
pub fn check(
    conn: &mut DbConn,
    limits: Limits,
    username: &str,
    address: &str,
) -> Result<(), ApiError> {
    let since = now() - TimeDelta::seconds(limits.window_secs);
    let by_user: Vec<NaiveDateTime> = login_failures::table
        .filter(login_failures::username.eq(username))
        .filter(login_failures::failed_at.gt(since))
        .select(login_failures::failed_at)
        .order(login_failures::failed_at.desc())
        .limit(limits.per_user)
        .load(conn)?;
    let by_address: Vec<NaiveDateTime> = login_failures::table
        .filter(login_failures::client_address.eq(address))
        .filter(login_failures::failed_at.gt(since))
        .select(login_failures::failed_at)
        .order(login_failures::failed_at.desc())
        .limit(limits.per_address)
        .load(conn)?;
    let blocked_until = [
        (by_user.len() as i64 >= limits.per_user)
            .then(|| by_user.last().copied())
            .flatten(),
        (by_address.len() as i64 >= limits.per_address)
            .then(|| by_address.last().copied())
            .flatten(),
    ]
    .into_iter()
    .flatten()
    // The oldest of the counted failures leaves the window first.
    .map(|oldest_counted| oldest_counted + TimeDelta::seconds(limits.window_secs))
    .max();
    match blocked_until {
        Some(until) => {
            let wait = (until - now()).num_seconds().max(1) as u64;
            Err(ApiError::too_many_requests(wait))
        }
        None => Ok(()),
    }
}

pub fn record_failure(conn: &mut DbConn, username: &str, address: &str) -> Result<(), ApiError> {
    diesel::insert_into(login_failures::table)
        .values((
            login_failures::id.eq(new_id()),
            login_failures::username.eq(username),
            login_failures::client_address.eq(address),
            login_failures::failed_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// A successful login forgets that username's failures; old rows of everyone are pruned.
pub fn record_success(conn: &mut DbConn, limits: Limits, username: &str) -> Result<(), ApiError> {
    diesel::delete(login_failures::table.filter(login_failures::username.eq(username)))
        .execute(conn)?;
    let horizon = now() - TimeDelta::seconds(limits.window_secs * 4);
    diesel::delete(login_failures::table.filter(login_failures::failed_at.lt(horizon)))
        .execute(conn)?;
    Ok(())
}
