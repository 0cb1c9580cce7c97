//! The maintained aggregates (each scope's task buckets and KPI counts, each series' state) over a
//! batch of agency changes: a reorganisation plan of ten thousand steps, the agencies import or the
//! national map. One step alone re-derives what it touched at once; inside [`deferred`] the steps
//! only note what they touched, and the batch re-derives it once at its end, in the same
//! transaction — every scope once instead of the root scope (every task of the country) after each
//! step. Reads inside the batch do not need the aggregates (the steps check tasks, figures and the
//! closure themselves), and nothing outside the transaction sees the batch before it ends.

use std::cell::RefCell;
use std::collections::BTreeSet;

use crate::db::DbConn;
use crate::error::ApiError;

#[derive(Default)]
struct Batch {
    /// Scopes whose task buckets must be rebuilt.
    task_scopes: BTreeSet<String>,
    /// Every KPI series and scope must be re-derived (an agency came, went or moved).
    kpis: bool,
}

thread_local! {
    // A transaction runs on one thread (diesel is synchronous), so the batch is the thread's.
    static BATCH: RefCell<Option<Batch>> = const { RefCell::new(None) };
}

/// Runs `f` as one batch: the task-scope rebuilds and KPI refreshes its steps ask for happen once,
/// after it succeeded. Nested batches join the outer one.
pub fn deferred<T>(
    conn: &mut DbConn,
    f: impl FnOnce(&mut DbConn) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let batch = begin();
    let out = f(conn)?;
    batch.finish(conn)?;
    Ok(out)
}

/// A batch begun by [`begin`]: [`Deferred::finish`] re-derives what its steps touched; dropped
/// unfinished (an error), it only ends, and the transaction it belongs to is rolled back anyway.
pub struct Deferred {
    /// False when an outer batch was already open: that one finishes.
    outer: bool,
}

/// Begins a batch (or joins the open one).
pub fn begin() -> Deferred {
    BATCH.with(|b| {
        let mut b = b.borrow_mut();
        if b.is_some() {
            Deferred { outer: false }
        } else {
            *b = Some(Batch::default());
            Deferred { outer: true }
        }
    })
}

impl Deferred {
    pub fn finish(mut self, conn: &mut DbConn) -> Result<(), ApiError> {
        if !self.outer {
            return Ok(());
        }
        self.outer = false;
        let batch = BATCH
            .with(|b| b.borrow_mut().take())
            .expect("the batch began here");
        if batch.kpis {
            crate::indicators::stats::refresh_all(conn)?;
        }
        let scopes: Vec<String> = batch.task_scopes.into_iter().collect();
        crate::tasks::stats::rebuild_scopes(conn, &scopes)
    }
}

impl Drop for Deferred {
    fn drop(&mut self) {
        if self.outer {
            BATCH.with(|b| b.borrow_mut().take());
        }
    }
}

/// Inside a batch: notes that every KPI series and scope must be re-derived at its end, and
/// answers true (the caller skips its own refresh).
pub fn defer_kpis() -> bool {
    BATCH.with(|b| match b.borrow_mut().as_mut() {
        Some(batch) => {
            batch.kpis = true;
            true
        }
        None => false,
    })
}

/// Inside a batch: notes the scopes whose task buckets must be rebuilt at its end, and answers
/// true (the caller skips its own rebuild).
pub fn defer_task_scopes(scopes: &[String]) -> bool {
    BATCH.with(|b| match b.borrow_mut().as_mut() {
        Some(batch) => {
            batch.task_scopes.extend(scopes.iter().cloned());
            true
        }
        None => false,
    })
}
