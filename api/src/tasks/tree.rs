//! The nested task tree of a resolution, built from one query for the tasks and one for their
//! coordinating agencies (no N+1).

use std::collections::HashMap;

use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::{views, visible_to, Task, TaskRow};
use crate::auth::Caller;
use crate::db::schema::tasks;
use crate::db::DbConn;
use crate::error::ApiError;
use crate::resolutions::{Resolution, ResolutionRow};

#[derive(Debug, Serialize, ToSchema)]
pub struct TaskNode {
    #[serde(flatten)]
    pub task: Task,
    #[schema(no_recursion)]
    pub children: Vec<TaskNode>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResolutionTree {
    pub resolution: Resolution,
    /// The top-level tasks the caller may see, each with its visible sub-tasks. A visible task whose
    /// parent the caller may not see is listed at the top level.
    pub tasks: Vec<TaskNode>,
}

pub fn load(
    conn: &mut DbConn,
    caller: &Caller,
    resolution: ResolutionRow,
) -> Result<ResolutionTree, ApiError> {
    let rows: Vec<TaskRow> = visible_to(caller)
        .filter(tasks::resolution_id.eq(resolution.id.clone()))
        .order((tasks::depth.asc(), tasks::due_date.asc(), tasks::code.asc()))
        .select(TaskRow::as_select())
        .load(conn)?;
    let all = views(conn, caller, rows)?;
    let present: std::collections::HashSet<String> = all.iter().map(|t| t.id.clone()).collect();
    let mut by_parent: HashMap<Option<String>, Vec<Task>> = HashMap::new();
    for task in all {
        let key = task.parent_id.clone().filter(|p| present.contains(p));
        by_parent.entry(key).or_default().push(task);
    }
    fn build(
        parent: Option<String>,
        by_parent: &mut HashMap<Option<String>, Vec<Task>>,
    ) -> Vec<TaskNode> {
        by_parent
            .remove(&parent)
            .unwrap_or_default()
            .into_iter()
            .map(|task| {
                let children = build(Some(task.id.clone()), by_parent);
                TaskNode { task, children }
            })
            .collect()
    }
    Ok(ResolutionTree {
        resolution: crate::resolutions::view(conn, caller, resolution)?,
        tasks: build(None, &mut by_parent),
    })
}
