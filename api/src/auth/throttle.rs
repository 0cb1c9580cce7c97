//! Login throttling, kept in the database so that it holds across API instances.
//!
//! Every password check is reserved first: in one short write transaction, serialised per username
//! and per client address, the failures in the window are counted and a failure row is inserted
//! before the password is verified, so parallel guesses cannot all pass one check. A correct
//! password deletes the reservation ([`record_success`]); a wrong one leaves it counted.
//!
//! - Past the per-username limit every attempt is refused with 429, even the right password: that
//!   account is under attack.
//! - Past the per-address limit only wrong passwords get 429 instead of 401. A correct password of
//!   a user whose own failures are under the limit still logs in, so that one address hammering
//!   (or a whole office behind one proxy) does not lock everyone else out.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::db::schema::login_failures;
use crate::db::{new_id, now, write_transaction, BackendKind, DbConn};
use crate::error::ApiError;

#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub window_secs: i64,
    pub per_user: i64,
    pub per_address: i64,
}

/// An attempt counted before its password is checked.
#[derive(Debug)]
pub struct Reservation {
    /// Set when the address is past its limit: answer a wrong password with 429 after this many
    /// seconds instead of 401.
    pub address_retry_after: Option<u64>,
}

/// Seconds until the oldest counted failure leaves the window, when `counted` reaches `limit`.
fn blocked_for(counted: &[NaiveDateTime], limit: i64, window_secs: i64) -> Option<u64> {
    if (counted.len() as i64) < limit {
        return None;
    }
    // `counted` is newest first, at most `limit` long: its last is the oldest that counts.
    let until = *counted.last()? + TimeDelta::seconds(window_secs);
    Some((until - now()).num_seconds().max(1) as u64)
}

fn recent_failures(
    conn: &mut DbConn,
    limits: Limits,
    by_user: Option<&str>,
    by_address: Option<&str>,
    limit: i64,
) -> Result<Vec<NaiveDateTime>, ApiError> {
    let since = now() - TimeDelta::seconds(limits.window_secs);
    let mut q = login_failures::table
        .filter(login_failures::failed_at.gt(since))
        .select(login_failures::failed_at)
        .order(login_failures::failed_at.desc())
        .limit(limit.max(1))
        .into_boxed();
    if let Some(username) = by_user {
        q = q.filter(login_failures::username.eq(username.to_string()));
    }
    if let Some(address) = by_address {
        q = q.filter(login_failures::client_address.eq(address.to_string()));
    }
    Ok(q.load(conn)?)
}

/// Serialises reservations of one username and of one address until the transaction ends. SQLite's
/// `BEGIN IMMEDIATE` already lets one writer in at a time; PostgreSQL takes two transaction-level
/// advisory locks, always the username's first, so two reservations never wait on each other in a
/// cycle. The two-key form keeps usernames and addresses in separate key spaces.
fn lock_attempts(conn: &mut DbConn, username: &str, address: &str) -> Result<(), ApiError> {
    match conn.kind() {
        BackendKind::Sqlite => Ok(()),
        BackendKind::Postgres => {
            for (space, value) in [
                ("restrack.login.user", username),
                ("restrack.login.address", address),
            ] {
                diesel::sql_query("SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))")
                    .bind::<Text, _>(space)
                    .bind::<Text, _>(value)
                    .execute(conn)?;
            }
            Ok(())
        }
    }
}

/// Counts and reserves one password check: 429 when the username is past its limit, otherwise a
/// failure row is stored (delete it with [`record_success`] when the password was right).
pub fn reserve(
    conn: &mut DbConn,
    limits: Limits,
    username: &str,
    address: &str,
) -> Result<Reservation, ApiError> {
    write_transaction(conn, |c| {
        lock_attempts(c, username, address)?;
        let by_user = recent_failures(c, limits, Some(username), None, limits.per_user)?;
        if let Some(wait) = blocked_for(&by_user, limits.per_user, limits.window_secs) {
            return Err(ApiError::too_many_requests(wait));
        }
        let by_address = recent_failures(c, limits, None, Some(address), limits.per_address)?;
        let address_retry_after = blocked_for(&by_address, limits.per_address, limits.window_secs);
        diesel::insert_into(login_failures::table)
            .values((
                login_failures::id.eq(new_id()),
                login_failures::username.eq(username),
                login_failures::client_address.eq(address),
                login_failures::failed_at.eq(now()),
            ))
            .execute(c)?;
        Ok(Reservation {
            address_retry_after,
        })
    })
}

/// A correct password forgets that username's failures, the reservation included; old rows of
/// everyone are pruned.
pub fn record_success(conn: &mut DbConn, limits: Limits, username: &str) -> Result<(), ApiError> {
    diesel::delete(login_failures::table.filter(login_failures::username.eq(username)))
        .execute(conn)?;
    let horizon = now() - TimeDelta::seconds(limits.window_secs * 4);
    diesel::delete(login_failures::table.filter(login_failures::failed_at.lt(horizon)))
        .execute(conn)?;
    Ok(())
}
