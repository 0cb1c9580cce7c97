//! Change feeds: the lists a ministry system syncs (agencies, tasks, progress reports, indicators,
//! figures, alerts) read with `updated_since=` (RFC 3339) or `cursor=` walk what changed in a stable
//! order — by `updated_at`, then id — and carry what was removed in the same window (`removed`:
//! a deleted task or agency; an agency merged, split or dissolved), so a nightly sync reads only what
//! changed and picks up from `next_cursor` the next night (docs/integration.md, "Change feeds").
//!
//! A change appears once it is older than the configured lag (`RESTRACK_CHANGE_FEED_LAG_SECS`): a
//! long write (an import) stamps its rows when it starts and commits later, so a feed that read up to
//! the present could step past rows that were not yet visible.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::db::schema::removals;
use crate::db::{new_id, DbConn};
use crate::error::{ApiError, ErrorCode, FieldCode, FieldError};
use crate::page::Page;

text_enum!(
    /// What kind of record a removal concerns.
    RemovedEntity {
        Agency => "agency",
        Task => "task",
    }
);

text_enum!(
    /// Why a record left the lists.
    RemovalReason {
        /// Deleted (a task never reported on; an agency created by mistake).
        Deleted => "deleted",
        /// Merged into `replaced_by`; its open work moved there.
        Merged => "merged",
        /// Split between successors (`GET /agencies/{id}/lineage` names them and their shares).
        Split => "split",
        /// Dissolved, with nothing left open.
        Dissolved => "dissolved",
    }
);

/// A record that left a synced list: delete or retire it on your side.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct Removal {
    /// The id of the removed record (an agency or task id, as in `items`).
    #[schema(format = Uuid)]
    pub id: String,
    pub entity: RemovedEntity,
    pub reason: RemovalReason,
    /// The agency that took its place: the one merged into, or a split's principal successor.
    #[schema(format = Uuid)]
    pub replaced_by: Option<String>,
    pub removed_at: DateTime<Utc>,
}

/// Records that `id` left its list, for the subtree of `scope_agency_id` to learn from the feeds.
pub fn record_removal(
    conn: &mut DbConn,
    entity: RemovedEntity,
    id: &str,
    reason: RemovalReason,
    replaced_by: Option<&str>,
    scope_agency_id: &str,
) -> Result<(), ApiError> {
    diesel::insert_into(removals::table)
        .values((
            removals::id.eq(new_id()),
            removals::entity_type.eq(entity.as_str()),
            removals::entity_id.eq(id),
            removals::reason.eq(reason.as_str()),
            removals::replaced_by.eq(replaced_by),
            removals::scope_agency_id.eq(scope_agency_id),
            removals::removed_at.eq(crate::db::now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// A place in a feed: the time and id of the last entry read, and whether it was a removal (a record
/// may change and be removed at the same instant: the change comes first).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub at: NaiveDateTime,
    pub id: String,
    pub removal: bool,
}

const CURSOR_VERSION: &str = "c1";

impl Position {
    fn encode(&self) -> String {
        let micros = self.at.and_utc().timestamp_micros();
        let kind = if self.removal { "r" } else { "i" };
        URL_SAFE_NO_PAD.encode(format!("{CURSOR_VERSION}|{micros}|{kind}|{}", self.id))
    }

    fn decode(text: &str) -> Option<Self> {
        let bytes = URL_SAFE_NO_PAD.decode(text.trim()).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let mut parts = text.splitn(4, '|');
        if parts.next()? != CURSOR_VERSION {
            return None;
        }
        let micros: i64 = parts.next()?.parse().ok()?;
        let removal = match parts.next()? {
            "r" => true,
            "i" => false,
            _ => return None,
        };
        let id = parts.next()?.to_string();
        if id.len() > 64 {
            return None;
        }
        let at = DateTime::<Utc>::from_timestamp_micros(micros)?.naive_utc();
        Some(Self { at, id, removal })
    }
}

/// The cursor's longest form (a version, a time in microseconds, a kind and a uuid, in base64url).
pub const MAX_CURSOR: usize = 128;

/// A change-feed read: from where, up to when, how many entries.
#[derive(Debug, Clone)]
pub struct Feed {
    pub after: Position,
    pub horizon: NaiveDateTime,
    pub limit: i64,
}

impl Feed {
    /// The feed a list request asks for, if any: `updated_since` starts at that instant (inclusive),
    /// `cursor` continues after the entry it names. Both, or either with `offset`, is a 400.
    pub fn of(
        updated_since: Option<DateTime<Utc>>,
        cursor: Option<&str>,
        offset: Option<i64>,
        limit: i64,
        lag_secs: u64,
    ) -> Result<Option<Feed>, ApiError> {
        let refuse = |field: &str, code: FieldCode, message: &str| {
            let mut err = ApiError::bad_request(ErrorCode::BadQuery, "invalid change-feed query");
            err.errors = vec![FieldError::coded(field, code, message)];
            err
        };
        let after = match (updated_since, cursor) {
            (None, None) => return Ok(None),
            (Some(_), Some(_)) => {
                return Err(refuse(
                    "cursor",
                    FieldCode::Invalid,
                    "a cursor carries its own position; send it without updated_since",
                ))
            }
            (Some(since), None) => Position {
                at: since.naive_utc(),
                id: String::new(),
                removal: false,
            },
            (None, Some(text)) => Position::decode(text).ok_or_else(|| {
                refuse(
                    "cursor",
                    FieldCode::Format,
                    "not a cursor of this list: pass next_cursor as it was given",
                )
            })?,
        };
        if offset.is_some() {
            return Err(refuse(
                "offset",
                FieldCode::Invalid,
                "a change feed is paged by next_cursor, not by offset",
            ));
        }
        let lag = chrono::Duration::seconds(i64::try_from(lag_secs).unwrap_or(i64::MAX / 1000));
        Ok(Some(Feed {
            after,
            horizon: crate::db::now() - lag,
            limit,
        }))
    }

    /// Refuses a list parameter that has no meaning in a feed (a feed is in change order).
    pub fn without(&self, field: &str, given: bool) -> Result<(), ApiError> {
        if !given {
            return Ok(());
        }
        let mut err = ApiError::bad_request(ErrorCode::BadQuery, "invalid change-feed query");
        err.errors = vec![FieldError::coded(
            field,
            FieldCode::Invalid,
            "a change feed is in the order of the changes; leave it out",
        )];
        Err(err)
    }

    /// The removals of `entity` after this feed's position that the caller may learn of (removed
    /// from inside its subtree), in feed order, at most one more than a page.
    pub fn removals(
        &self,
        conn: &mut DbConn,
        caller: &Caller,
        entity: RemovedEntity,
    ) -> Result<Vec<(Position, Removal)>, ApiError> {
        let rows: Vec<(String, String, Option<String>, NaiveDateTime)> = self
            .removals_after(caller, entity)
            .order((removals::removed_at.asc(), removals::entity_id.asc()))
            .limit(self.limit + 1)
            .select((
                removals::entity_id,
                removals::reason,
                removals::replaced_by,
                removals::removed_at,
            ))
            .load(conn)?;
        rows.into_iter()
            .map(|(id, reason, replaced_by, at)| {
                let reason = RemovalReason::parse(&reason).ok_or_else(|| {
                    ApiError::internal(anyhow::anyhow!("unknown removal reason {reason:?}"))
                })?;
                Ok((
                    Position {
                        at,
                        id: id.clone(),
                        removal: true,
                    },
                    Removal {
                        id,
                        entity,
                        reason,
                        replaced_by,
                        removed_at: at.and_utc(),
                    },
                ))
            })
            .collect()
    }

    /// One page of the feed: the changed items (read in feed order, at most one more than a page)
    /// and the removals merged by position, cut at the page size; `next_cursor` names the last entry
    /// (or the starting point when nothing changed), `total` counts the entries from this page on.
    pub fn page<T>(
        &self,
        items: Vec<(Position, T)>,
        removals: Vec<(Position, Removal)>,
        total: i64,
    ) -> Page<T> {
        enum Entry<T> {
            Item(T),
            Removal(Removal),
        }
        let mut entries: Vec<(Position, Entry<T>)> = items
            .into_iter()
            .map(|(p, t)| (p, Entry::Item(t)))
            .chain(removals.into_iter().map(|(p, r)| (p, Entry::Removal(r))))
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries.truncate(usize::try_from(self.limit).unwrap_or(usize::MAX));
        let last = entries
            .last()
            .map(|(p, _)| p.clone())
            .unwrap_or_else(|| self.after.clone());
        let mut page_items = Vec::new();
        let mut removed = Vec::new();
        for (_, entry) in entries {
            match entry {
                Entry::Item(t) => page_items.push(t),
                Entry::Removal(r) => removed.push(r),
            }
        }
        Page {
            items: page_items,
            total,
            limit: self.limit,
            offset: 0,
            next_cursor: Some(last.encode()),
            removed: Some(removed),
        }
    }

    /// The removals of `entity` after this feed's position, before its horizon, that the caller
    /// may learn of (removed from inside its subtree).
    fn removals_after<'a>(
        &'a self,
        caller: &'a Caller,
        entity: RemovedEntity,
    ) -> removals::BoxedQuery<'a, crate::db::Backend> {
        let p = &self.after;
        let sel = removals::table
            .filter(removals::entity_type.eq(entity.as_str()))
            .filter(removals::removed_at.le(self.horizon))
            .filter(removals::scope_agency_id.eq_any(crate::scope::subtree_ids(&caller.agency_id)))
            .into_boxed();
        let later = removals::removed_at.gt(p.at);
        let same = removals::removed_at.eq(p.at);
        // A removal at the very position of the last item read comes after it.
        if p.removal {
            sel.filter(later.or(same.and(removals::entity_id.gt(p.id.clone()))))
        } else {
            sel.filter(later.or(same.and(removals::entity_id.ge(p.id.clone()))))
        }
    }

    /// How many removals of `entity` the caller may learn of lie after this feed's position.
    pub fn count_removals(
        &self,
        conn: &mut DbConn,
        caller: &Caller,
        entity: RemovedEntity,
    ) -> Result<i64, ApiError> {
        Ok(self
            .removals_after(caller, entity)
            .count()
            .get_result(conn)?)
    }
}

/// A feed page of a list: `rows` are the changed rows read in feed order (at most one more than a
/// page, by [`changed_after!`]) and `changed` how many there are in all; `view` turns rows into the
/// list's items; removals of `entity` (if the list has any) are merged in.
pub fn read<R, T>(
    conn: &mut DbConn,
    caller: &Caller,
    feed: &Feed,
    entity: Option<RemovedEntity>,
    (rows, changed): (Vec<R>, i64),
    position: impl Fn(&R) -> Position,
    view: impl FnOnce(&mut DbConn, Vec<R>) -> Result<Vec<T>, ApiError>,
) -> Result<Page<T>, ApiError> {
    let positions: Vec<Position> = rows.iter().map(position).collect();
    let items = view(conn, rows)?;
    let (removals, removed) = match entity {
        Some(entity) => (
            feed.removals(conn, caller, entity)?,
            feed.count_removals(conn, caller, entity)?,
        ),
        None => (Vec::new(), 0),
    };
    Ok(feed.page(
        positions.into_iter().zip(items).collect(),
        removals,
        changed + removed,
    ))
}

/// Narrows a boxed list query to the rows changed after the feed's position and before its
/// horizon, in feed order: `changed_after!(query, table::updated_at, table::id, &feed)`.
macro_rules! changed_after {
    ($sel:expr, $at:expr, $id:expr, $feed:expr) => {{
        let feed: &$crate::changes::Feed = $feed;
        $sel.filter(
            $at.gt(feed.after.at)
                .or($at.eq(feed.after.at).and($id.gt(feed.after.id.clone()))),
        )
        .filter($at.le(feed.horizon))
    }};
}
pub(crate) use changed_after;

/// A list's feed page from its boxed query builder `filtered` over `table` (rows of type `Row` with
/// `updated_at` and `id`): the changed rows after the feed's position, in feed order, turned into
/// items by `view`, merged with the removals of `entity` —
/// `feed_page!(conn, caller, feed, filtered, table, Row, entity, view)`.
macro_rules! feed_page {
    ($conn:expr, $caller:expr, $feed:expr, $filtered:expr, $table:ident, $row:ty, $entity:expr, $view:expr) => {{
        let feed: &$crate::changes::Feed = $feed;
        let changed =
            || $crate::changes::changed_after!($filtered(), $table::updated_at, $table::id, feed);
        let total: i64 = changed().count().get_result($conn)?;
        let rows: Vec<$row> = changed()
            .order(($table::updated_at.asc(), $table::id.asc()))
            .limit(feed.limit + 1)
            .select(<$row>::as_select())
            .load($conn)?;
        $crate::changes::read(
            $conn,
            $caller,
            feed,
            $entity,
            (rows, total),
            |r| $crate::changes::at(r.updated_at, &r.id),
            $view,
        )
    }};
}
pub(crate) use feed_page;

/// The feed position of an item read from a list.
pub fn at(updated_at: NaiveDateTime, id: &str) -> Position {
    Position {
        at: updated_at,
        id: id.to_string(),
        removal: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").unwrap()
    }

    #[test]
    fn a_cursor_reads_back_as_the_position_it_names_and_nothing_else_is_a_cursor() {
        let p = Position {
            at: time("2026-12-07 10:11:12.345678"),
            id: "0193a1b2-0000-7000-8000-000000000001".into(),
            removal: true,
        };
        let text = p.encode();
        assert!(text.len() <= MAX_CURSOR);
        assert_eq!(Position::decode(&text), Some(p));
        assert_eq!(Position::decode("not a cursor"), None);
        assert_eq!(Position::decode(&URL_SAFE_NO_PAD.encode("c2|1|i|x")), None);
        assert_eq!(Position::decode(&URL_SAFE_NO_PAD.encode("c1|x|i|x")), None);
    }

    #[test]
    fn a_change_comes_before_a_removal_of_the_same_record_at_the_same_instant() {
        let t = time("2026-12-07 10:00:00");
        let change = at(t, "b");
        let removal = Position {
            at: t,
            id: "b".into(),
            removal: true,
        };
        assert!(change < removal);
        assert!(removal < at(t, "c"));
    }

    #[test]
    fn a_page_merges_items_and_removals_in_order_and_names_where_it_stopped() {
        let t = time("2026-12-07 10:00:00");
        let feed = Feed {
            after: at(t, ""),
            horizon: t,
            limit: 2,
        };
        let removal = |id: &str| Removal {
            id: id.into(),
            entity: RemovedEntity::Task,
            reason: RemovalReason::Deleted,
            replaced_by: None,
            removed_at: t.and_utc(),
        };
        let page = feed.page(
            vec![(at(t, "a"), "a"), (at(t, "c"), "c")],
            vec![(
                Position {
                    at: t,
                    id: "b".into(),
                    removal: true,
                },
                removal("b"),
            )],
            3,
        );
        assert_eq!(page.items, vec!["a"]);
        assert_eq!(page.removed, Some(vec![removal("b")]));
        let next = Position::decode(page.next_cursor.as_deref().unwrap()).unwrap();
        assert_eq!(next.id, "b");
        assert!(next.removal);
        // Nothing new: the cursor stays where it was.
        let empty = feed.page::<&str>(vec![], vec![], 0);
        assert_eq!(
            Position::decode(empty.next_cursor.as_deref().unwrap()),
            Some(feed.after.clone())
        );
    }
}
