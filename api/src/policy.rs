//! Who may do what: the one place that decides permissions. Services call these functions before
//! they act, and views call the same functions to fill in `actions`, so the web app shows exactly
//! what the server then allows. Each function answers for one action on one object, given the
//! caller and the facts about the object its rule needs (which agencies it belongs to, its state);
//! loading those facts is the caller's job (`Facts` constructors below), deciding is done here.
//!
//! Conventions (docs/architecture.md): an object outside the caller's scope is never asked about
//! here (it is a 404 before); a refusal is a 403 whose message says who may do it; states that no
//! role could change (a closed resolution, an illegal transition) are 409s decided by the services.

use serde::Serialize;
use utoipa::ToSchema;

use crate::agencies::AgencyStatus;
use crate::alerts::AlertStatus;
use crate::audit::ActorKind;
use crate::auth::{Caller, Role};
use crate::error::ApiError;
use crate::indicators::values::ValueStatus;
use crate::tasks::TaskStatus;

/// Allowed, or a 403 with the reason.
pub type Decision = Result<(), ApiError>;

fn allow_if(allowed: bool, why: &'static str) -> Decision {
    if allowed {
        Ok(())
    } else {
        Err(ApiError::forbidden(why))
    }
}

/// A standing duty of an agency's people: the roles that carry it, in one place, for the rules
/// below and for whoever must be told of it (notifications, reminders, the to-do list).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Duty {
    /// Writing and submitting the figures of the series the agency is the source of.
    WriteFigures,
    /// Approving or returning figures, and opening locked periods for the levels below.
    DecideFigures,
    /// Filing the progress reports of the tasks the agency leads.
    FileReports,
    /// Answering the directives on the tasks the agency leads and the KPI series it is the source of.
    AnswerDirectives,
    /// Deciding on completions, deadlines and cancellations of the tasks the agency assigned.
    DecideTasks,
}

impl Duty {
    /// The roles that carry the duty (an admin holds every role).
    pub fn roles(self) -> &'static [Role] {
        match self {
            Duty::WriteFigures | Duty::FileReports => &[Role::Reporter],
            Duty::DecideFigures => &[Role::Approver],
            Duty::AnswerDirectives => &[Role::Planner, Role::Reporter],
            Duty::DecideTasks => &[Role::Planner],
        }
    }

    /// Whether an account holding `roles` carries the duty.
    pub fn held_by(self, roles: &[Role]) -> bool {
        roles.contains(&Role::Admin) || self.roles().iter().any(|r| roles.contains(r))
    }
}

/// Whether the caller carries `duty` at all (where is decided by each rule).
pub fn has_duty(caller: &Caller, duty: Duty) -> bool {
    caller.has_any(duty.roles())
}

/// What a task's rules need to know, relative to the caller.
#[derive(Clone, Copy, Debug)]
pub struct TaskFacts {
    /// The task's lead agency is the caller's agency or below it.
    pub lead_in_scope: bool,
    /// The caller's agency is the task's lead agency itself.
    pub own_lead: bool,
    /// The assigning agency (the parent task's lead agency, or the resolution's owner for a
    /// top-level task, or the standing agency of the resolution's steering committee, which acts
    /// as the owner) is the caller's agency or below it.
    pub assigner_in_scope: bool,
    pub status: TaskStatus,
    /// The task's resolution is not closed.
    pub resolution_open: bool,
    /// The lead agency has an agency above it (false only at the top of the hierarchy).
    pub lead_has_parent: bool,
}

/// The planners who decide on a task's completion, deadline and cancellation: those of the
/// assigning agency or above it, but never the lead agency's own (nobody accepts its own work) —
/// except at the top of the hierarchy, where nobody is above the lead agency.
fn decides(caller: &Caller, t: &TaskFacts) -> bool {
    caller.has(Role::Planner) && t.assigner_in_scope && (!t.own_lead || !t.lead_has_parent)
}

/// Proposing a task's completion, and requesting an extension or a cancellation: planners and
/// reporters of the task's lead agency itself.
pub fn propose_completion(caller: &Caller, t: &TaskFacts) -> Decision {
    allow_if(
        caller.has_any(&[Role::Planner, Role::Reporter]) && t.own_lead,
        "only the task's lead agency proposes its completion",
    )
}

pub fn request_change(caller: &Caller, t: &TaskFacts) -> Decision {
    allow_if(
        caller.has_any(&[Role::Planner, Role::Reporter]) && t.own_lead,
        "only the task's lead agency requests an extension or a cancellation",
    )
}

/// Accepting or returning a completion, granting or refusing a request, moving a due date,
/// completing, cancelling or reopening a task: the planners who assigned it (see [`decides`]).
pub fn decide_task(caller: &Caller, t: &TaskFacts) -> Decision {
    allow_if(
        decides(caller, t),
        "only the planners of the agency that assigned this task decide on its completion, \
         deadline and cancellation",
    )
}

/// Changing a task's plan (title, dates, lead and coordinating agencies, weight, code) and deleting
/// it: the planners who assigned it.
pub fn edit_task(caller: &Caller, t: &TaskFacts) -> Decision {
    allow_if(
        caller.has(Role::Planner) && t.assigner_in_scope,
        "only the planners who assigned this task change it",
    )
}

pub fn delete_task(caller: &Caller, t: &TaskFacts) -> Decision {
    allow_if(
        caller.has(Role::Planner) && t.assigner_in_scope,
        "only the planners who assigned this task delete it",
    )
}

/// Moving a task's status: its assigners, and the lead agency's planners and reporters (starting,
/// pausing, resuming). Completing, cancelling and reopening end or restart the task for the
/// roll-up and the evaluation and belong to the assigners ([`decide_task`]); the lead agency
/// proposes completion and requests cancellation instead.
pub fn change_task_status(caller: &Caller, t: &TaskFacts, to: TaskStatus) -> Decision {
    let assigner = caller.has(Role::Planner) && t.assigner_in_scope;
    let lead_staff = caller.has_any(&[Role::Planner, Role::Reporter]) && t.lead_in_scope;
    allow_if(
        assigner || lead_staff,
        "only the planners who assigned this task, or its lead agency, change its status",
    )?;
    let decisive = matches!(to, TaskStatus::Completed | TaskStatus::Cancelled)
        || t.status == TaskStatus::Completed;
    if decisive {
        decide_task(caller, t)?;
    }
    Ok(())
}

/// Filing a progress report: reporters of the task's lead agency itself.
pub fn report_progress(caller: &Caller, t: &TaskFacts) -> Decision {
    allow_if(
        has_duty(caller, Duty::FileReports) && t.own_lead,
        "only reporters of the task's lead agency report its progress",
    )
}

/// Adding sub-tasks: planners of the task's lead agency or above (they become the assigners).
pub fn decompose_task(caller: &Caller, t: &TaskFacts) -> Decision {
    allow_if(
        caller.has(Role::Planner) && t.lead_in_scope,
        "only planners of the parent task's lead agency decompose it",
    )
}

/// Tying a KPI to the task's progress (or changing what a tied KPI computes): planners of the lead
/// agency or above. A coordinating agency sees the task but does not move its progress.
pub fn link_kpi(caller: &Caller, t: &TaskFacts) -> Decision {
    allow_if(
        caller.has(Role::Planner) && t.lead_in_scope,
        "only planners of the task's lead agency or of the agencies above it tie a KPI to its \
         progress",
    )
}

/// What a directive's rules need to know about the agency it directs — a task's lead agency, or
/// the source of a KPI series — relative to the caller.
#[derive(Clone, Copy, Debug)]
pub struct DirectedFacts {
    /// The directed agency is the caller's agency or below it.
    pub in_scope: bool,
    /// The caller's agency is the directed agency itself.
    pub own: bool,
}

impl TaskFacts {
    /// A task's directives direct its lead agency.
    pub fn directed(&self) -> DirectedFacts {
        DirectedFacts {
            in_scope: self.lead_in_scope,
            own: self.own_lead,
        }
    }
}

/// Issuing a directive on a task or a KPI series: planners and approvers of an agency above the
/// directed agency (the ones who supervise it); the directed agency answers, it does not direct
/// itself.
pub fn issue_directive(caller: &Caller, d: DirectedFacts) -> Decision {
    allow_if(
        caller.has_any(&[Role::Planner, Role::Approver]) && d.in_scope && !d.own,
        "only planners and approvers of the agencies above the task's lead agency or the series' \
         source issue directives",
    )
}

/// What the caller may do with one KPI series (an indicator and a reporting agency) now.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct SeriesActions {
    /// `POST /indicators/{id}/directives` with this series' `agency_id`.
    pub issue_directive: bool,
}

/// `directed`: the series' source relative to the caller, when the view is of one series (its
/// agency reports the indicator, which is not computed); `None` for a rolled-up subtree.
pub fn series_actions(caller: &Caller, directed: Option<DirectedFacts>) -> SeriesActions {
    SeriesActions {
        issue_directive: directed.is_some_and(|d| issue_directive(caller, d).is_ok()),
    }
}

/// Answering the proposals (kiến nghị) of a task's progress report: as for issuing a directive,
/// planners and approvers of the agencies above the lead agency.
pub fn answer_proposals(caller: &Caller, t: &TaskFacts) -> Decision {
    allow_if(
        caller.has_any(&[Role::Planner, Role::Approver]) && t.lead_in_scope && !t.own_lead,
        "only planners and approvers of the agencies above the lead agency answer its proposals",
    )
}

/// What the caller may do with a progress report now (a filed report itself is final).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct ReportActions {
    /// `POST /reports/{id}/answer` (the report makes proposals; a later answer replaces it).
    pub answer_proposals: bool,
}

/// Answering a directive: planners and reporters of the directed agency itself (the task's lead
/// agency, the series' source).
pub fn answer_directive(caller: &Caller, d: DirectedFacts) -> Decision {
    allow_if(
        has_duty(caller, Duty::AnswerDirectives) && d.own,
        "only the directed agency (the task's lead agency, the series' source) answers its \
         directives",
    )
}

/// Closing a directive: planners and approvers of the agency that issued it, or above it.
pub fn close_directive(caller: &Caller, issuer_in_scope: bool) -> Decision {
    allow_if(
        caller.has_any(&[Role::Planner, Role::Approver]) && issuer_in_scope,
        "only the agency that issued a directive, or one above it, closes it",
    )
}

/// What the caller may do with a directive now.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct DirectiveActions {
    /// `POST /directives/{id}/answer` (open or answered, not closed).
    pub answer: bool,
    /// `POST /directives/{id}/close`.
    pub close: bool,
}

pub fn directive_actions(
    caller: &Caller,
    d: DirectedFacts,
    issuer_in_scope: bool,
    closed: bool,
) -> DirectiveActions {
    DirectiveActions {
        answer: !closed && answer_directive(caller, d).is_ok(),
        close: !closed && close_directive(caller, issuer_in_scope).is_ok(),
    }
}

/// Deciding on tasks at all (which ones is [`decide_task`]'s): planners.
pub fn decide_tasks(caller: &Caller) -> Decision {
    allow_if(
        has_duty(caller, Duty::DecideTasks),
        "only planners decide on the completion, deadline and cancellation of tasks",
    )
}

/// Creating tasks at all (what a task needs besides is checked by [`decompose_task`] and
/// [`add_top_level_task`] once the parent or resolution is known): planners.
pub fn plan_tasks(caller: &Caller) -> Decision {
    allow_if(caller.has(Role::Planner), "only planners create tasks")
}

/// Adding a top-level task to a resolution: planners of the resolution's owner or above (`owner_in_scope`
/// counts the standing agency of its steering committee as the owner, as everywhere below).
pub fn add_top_level_task(caller: &Caller, owner_in_scope: bool) -> Decision {
    allow_if(
        caller.has(Role::Planner) && owner_in_scope,
        "only planners of the resolution's owner agency add top-level tasks",
    )
}

/// Defining a resolution at all (its owner must then be in the caller's scope): planners.
pub fn plan_resolutions(caller: &Caller) -> Decision {
    allow_if(
        caller.has(Role::Planner),
        "only planners define resolutions",
    )
}

/// Changing a resolution (title, summary, status): planners of its owner agency or above.
pub fn edit_resolution(caller: &Caller, owner_in_scope: bool) -> Decision {
    allow_if(
        caller.has(Role::Planner) && owner_in_scope,
        "only planners of the owner agency's subtree change a resolution",
    )
}

/// Setting a resolution's steering committee (its standing agency and members): planners of the
/// owner agency or above it. The standing agency acts as the owner elsewhere, but does not choose
/// the committee it sits on.
pub fn edit_committee(caller: &Caller, owner_in_scope: bool) -> Decision {
    allow_if(
        caller.has(Role::Planner) && owner_in_scope,
        "only planners of the owner agency's subtree set a resolution's steering committee",
    )
}

/// What the caller may do with a resolution now.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct ResolutionActions {
    /// `PATCH /resolutions/{id}`.
    pub edit: bool,
    /// `POST /tasks` with this resolution and no parent.
    pub add_task: bool,
}

pub fn resolution_actions(caller: &Caller, owner_in_scope: bool, open: bool) -> ResolutionActions {
    ResolutionActions {
        edit: edit_resolution(caller, owner_in_scope).is_ok(),
        add_task: open && add_top_level_task(caller, owner_in_scope).is_ok(),
    }
}

// ---- Agencies and reorganisation -------------------------------------------------------------

/// Creating, changing and deleting agencies of the caller's subtree: administrators.
pub fn manage_agencies(caller: &Caller) -> Decision {
    allow_if(
        caller.has_any(&[Role::Admin, Role::AgencyAdmin]),
        "this needs one of the roles: admin, agency_admin",
    )
}

/// Changing an agency: its administrators above it; its own administrators may rename it but not
/// change its code, kind or parent (they decide how it is reported nationally).
pub fn edit_agency(caller: &Caller, own_agency: bool, changes_identity: bool) -> Decision {
    manage_agencies(caller)?;
    allow_if(
        !(own_agency && changes_identity) || caller.roles.contains(&Role::Admin),
        "an agency administrator may rename its own agency, not change its code, kind or parent",
    )
}

/// Deleting an agency (one entered by mistake; reorganisations merge or dissolve): its
/// administrators above it, never of the agency itself.
pub fn delete_agency(caller: &Caller, own_agency: bool) -> Decision {
    manage_agencies(caller)?;
    allow_if(!own_agency, "you cannot delete your own agency")
}

/// Merging or dissolving an agency: an administrator above it (never of the agency itself, nor
/// the root).
pub fn reorganise_agency(caller: &Caller, own_agency: bool, is_root: bool) -> Decision {
    manage_agencies(caller)?;
    allow_if(
        !own_agency && !is_root,
        "merging or dissolving needs an administrator above the agency",
    )
}

/// Undoing a merge: the national administrator.
pub fn undo_merge(caller: &Caller) -> Decision {
    allow_if(
        caller.roles.contains(&Role::Admin),
        "this needs one of the roles: admin",
    )
}

/// What an agency's rules need to know, relative to the caller.
#[derive(Clone, Copy, Debug)]
pub struct AgencyFacts {
    /// The agency is the caller's own.
    pub own: bool,
    /// The agency is the root of the hierarchy.
    pub root: bool,
    pub status: AgencyStatus,
}

impl AgencyFacts {
    pub fn of(caller: &Caller, id: &str, parent_id: Option<&str>, status: AgencyStatus) -> Self {
        Self {
            own: id == caller.agency_id,
            root: parent_id.is_none(),
            status,
        }
    }
}

/// What the caller may do with an agency now.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct AgencyActions {
    /// `PATCH /agencies/{id}` of its name.
    pub edit: bool,
    /// `PATCH /agencies/{id}` of its code, kind or parent.
    pub edit_identity: bool,
    /// `POST /agencies` with this agency as `parent_id`.
    pub add_child: bool,
    /// `DELETE /agencies/{id}` (also needs: no sub-agencies, users or other records).
    pub delete: bool,
    /// `POST /agencies/{id}/merge`.
    pub merge: bool,
    /// `POST /agencies/{id}/dissolve` (also needs: nothing open).
    pub dissolve: bool,
    /// `POST /agencies/{id}/merge/undo` (also needs: nothing written since).
    pub undo_merge: bool,
}

pub fn agency_actions(caller: &Caller, a: &AgencyFacts) -> AgencyActions {
    let active = a.status == AgencyStatus::Active;
    let reorganise = active && reorganise_agency(caller, a.own, a.root).is_ok();
    AgencyActions {
        edit: edit_agency(caller, a.own, false).is_ok(),
        edit_identity: edit_agency(caller, a.own, true).is_ok(),
        add_child: active && manage_agencies(caller).is_ok(),
        delete: delete_agency(caller, a.own).is_ok(),
        merge: reorganise,
        dissolve: reorganise,
        undo_merge: a.status == AgencyStatus::Merged && undo_merge(caller).is_ok(),
    }
}

// ---- Indicators ------------------------------------------------------------------------------

/// Defining indicators and indicator sets at all: planners.
pub fn plan_indicators(caller: &Caller) -> Decision {
    allow_if(
        caller.has(Role::Planner),
        "this needs one of the roles: planner",
    )
}

/// Changing an indicator, its targets or an indicator set: planners of the owner agency or above.
pub fn edit_indicator(caller: &Caller, owner_in_scope: bool) -> Decision {
    allow_if(
        caller.has(Role::Planner) && owner_in_scope,
        "only planners of the owner agency's subtree change an indicator, its targets or its sets",
    )
}

/// What the caller may do with an indicator now.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct IndicatorActions {
    /// `PATCH /indicators/{id}`.
    pub edit: bool,
    /// `PUT /indicators/{id}/targets`.
    pub set_targets: bool,
    /// The reporting agencies whose figures the caller writes (`POST /indicators/{id}/values`
    /// with one of these as `agency_id`): the series its agency is the one source of.
    pub write_agency_ids: Vec<String>,
}

/// `sourced_series`: the series whose one source is the caller's agency
/// (`indicators::series_written_by`).
pub fn indicator_actions(
    caller: &Caller,
    owner_in_scope: bool,
    sourced_series: Vec<String>,
) -> IndicatorActions {
    let edit = edit_indicator(caller, owner_in_scope).is_ok();
    IndicatorActions {
        edit,
        set_targets: edit,
        write_agency_ids: if write_figure(caller, true).is_ok() {
            sourced_series
        } else {
            Vec::new()
        },
    }
}

// ---- Figures ---------------------------------------------------------------------------------

/// What a figure's rules need to know, relative to the caller.
#[derive(Clone, Copy, Debug)]
pub struct ValueFacts {
    /// The caller's agency is the series' one source (the indicator's source agency, or else the
    /// reporting agency itself).
    pub caller_is_source: bool,
    /// The series' agency or its source is the caller's agency or below it.
    pub in_scope: bool,
    /// The indicator's owner agency is the caller's agency or below it.
    pub owner_in_scope: bool,
    /// The caller (as a person: an API key counts as its creator) wrote or submitted it.
    pub own_submission: bool,
    pub status: ValueStatus,
    pub current: bool,
    /// Its period is locked for its series today (past the approval deadline, no open unlock).
    pub locked: bool,
}

/// Writing or submitting a series' figures: reporters of its one source (one datum, one source,
/// one owner).
pub fn write_figure(caller: &Caller, caller_is_source: bool) -> Decision {
    allow_if(
        has_duty(caller, Duty::WriteFigures) && caller_is_source,
        "only reporters of the series' source agency write it (one datum, one source, one owner)",
    )
}

/// Deciding on figures at all (the approvals queue): approvers.
pub fn decide_figures(caller: &Caller) -> Decision {
    allow_if(
        has_duty(caller, Duty::DecideFigures),
        "only approvers approve or return figures",
    )
}

/// Approving or returning a figure: approvers of its agency or source or above them, never for
/// their own submission (nor one made with their API keys).
pub fn decide_figure(caller: &Caller, v: &ValueFacts) -> Decision {
    allow_if(
        decide_figures(caller).is_ok() && v.in_scope,
        "only approvers of the agency or above it approve or return its figures",
    )?;
    allow_if(
        !v.own_submission,
        "nobody approves or returns their own submission, nor one made with their API keys",
    )
}

/// Returning an approved figure for correction, with a reason: planners of the indicator's owner
/// agency or above it — a ministry watching what its sector line reported. The figure stops
/// counting until its source corrects it and its own approvers approve it again.
pub fn return_approved_figure(caller: &Caller, owner_in_scope: bool) -> Decision {
    allow_if(
        caller.has(Role::Planner) && owner_in_scope,
        "only planners of the indicator's owner agency return an approved figure for correction",
    )
}

/// Opening a locked period of a series again: approvers of the series' agency or its source or
/// above them, but not of the source itself (the exception comes from the level above).
pub fn grant_unlock(caller: &Caller, in_scope: bool, caller_is_source: bool) -> Decision {
    allow_if(
        has_duty(caller, Duty::DecideFigures) && in_scope && !caller_is_source,
        "only approvers above the reporting agency open a locked period again",
    )
}

/// What the caller may do with a figure now.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct ValueActions {
    /// `POST /values/{id}/submit`.
    pub submit: bool,
    /// `POST /values/{id}/approve`.
    pub approve: bool,
    /// `POST /values/{id}/return`.
    #[serde(rename = "return")]
    pub return_: bool,
    /// The caller would decide on this submitted figure but wrote or submitted it itself: for the
    /// web app's explanation of why it may not.
    pub own_submission: bool,
    /// `POST /indicators/{id}/unlocks` for this figure's series and period: it is locked and the
    /// caller is an approver above its source.
    pub unlock: bool,
}

pub fn value_actions(caller: &Caller, v: &ValueFacts) -> ValueActions {
    let decidable = v.current && v.status == ValueStatus::Submitted;
    let decide = decidable && decide_figure(caller, v).is_ok();
    ValueActions {
        unlock: v.locked && grant_unlock(caller, v.in_scope, v.caller_is_source).is_ok(),
        submit: v.current
            && !v.locked
            && matches!(v.status, ValueStatus::Draft | ValueStatus::Returned)
            && write_figure(caller, v.caller_is_source).is_ok(),
        approve: decide,
        return_: decide
            || (v.current
                && v.status == ValueStatus::Approved
                && return_approved_figure(caller, v.owner_in_scope).is_ok()),
        own_submission: decidable && v.own_submission && caller.has(Role::Approver) && v.in_scope,
    }
}

// ---- Users and API keys ----------------------------------------------------------------------

/// Managing logins of the caller's subtree: administrators, in person (an API key — a ministry
/// system — must not mint or change accounts that could then approve its own figures).
pub fn manage_users(caller: &Caller) -> Decision {
    manage_agencies(caller)?;
    allow_if(
        caller.kind != ActorKind::ApiKey,
        "an API key cannot manage logins",
    )
}

/// Granting roles to a login: only an admin grants `admin`.
pub fn grant_roles(caller: &Caller, wanted: &[Role]) -> Decision {
    allow_if(
        !wanted.contains(&Role::Admin) || caller.roles.contains(&Role::Admin),
        "only an admin can grant the admin role",
    )
}

/// Changing a login: an admin's account only by an admin; one's own password only at
/// `/me/password`, with the current one.
pub fn edit_user(
    caller: &Caller,
    target_is_admin: bool,
    own_account: bool,
    sets_password: bool,
) -> Decision {
    manage_users(caller)?;
    allow_if(
        !target_is_admin || caller.roles.contains(&Role::Admin),
        "only an admin can change an admin's account",
    )?;
    allow_if(
        !(own_account && sets_password),
        "change your own password at /me/password, with your current one",
    )
}

/// Changing one's own password: people (an API key has none).
pub fn change_own_password(caller: &Caller) -> Decision {
    allow_if(
        caller.kind != ActorKind::ApiKey,
        "an API key has no password to change",
    )
}

/// Listing and ending one's own sessions: people (an API key has no session).
pub fn own_sessions(caller: &Caller) -> Decision {
    allow_if(
        caller.kind != ActorKind::ApiKey,
        "an API key has no session",
    )
}

/// The deployment's security settings (which roles need a second factor): administrators of the
/// top agency, in person.
pub fn security_settings(caller: &Caller, caller_at_top: bool) -> Decision {
    allow_if(
        caller.has(Role::Admin) && caller_at_top && caller.kind != ActorKind::ApiKey,
        "only an administrator of the top agency changes security settings",
    )
}

/// Listing and ending all sessions of another login: whoever manages that login (an admin's only
/// by an admin); one's own are ended at `/me/sessions`.
pub fn end_sessions(caller: &Caller, target_is_admin: bool, own_account: bool) -> Decision {
    edit_user(caller, target_is_admin, own_account, false)?;
    allow_if(!own_account, "end your own sessions at /me/sessions")
}

/// What the caller may do with a login now.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct UserActions {
    /// `PATCH /users/{id}` of its display name and agency.
    pub edit: bool,
    /// `PATCH /users/{id}` with a new `password` (a reset by an administrator).
    pub set_password: bool,
    /// `PATCH /users/{id}` with `active` (never one's own account).
    pub deactivate: bool,
    /// The roles the caller may give this login (empty when it may not change its roles, as for
    /// one's own account).
    pub grantable_roles: Vec<Role>,
    /// `GET|DELETE /users/{id}/sessions`: see and end the login's sessions (never one's own here).
    pub end_sessions: bool,
}

/// `target_is_admin`: the login holds `admin`; `own_account`: it is the caller's.
pub fn user_actions(caller: &Caller, target_is_admin: bool, own_account: bool) -> UserActions {
    let edit = edit_user(caller, target_is_admin, own_account, false).is_ok();
    UserActions {
        edit,
        set_password: edit_user(caller, target_is_admin, own_account, true).is_ok(),
        deactivate: edit && !own_account,
        end_sessions: end_sessions(caller, target_is_admin, own_account).is_ok(),
        grantable_roles: if edit && !own_account {
            grantable_roles(caller)
        } else {
            Vec::new()
        },
    }
}

/// The roles the caller may give a login it manages.
pub fn grantable_roles(caller: &Caller) -> Vec<Role> {
    Role::ALL
        .iter()
        .copied()
        .filter(|r| grant_roles(caller, &[*r]).is_ok())
        .collect()
}

/// Managing API keys of the caller's subtree: administrators, in person.
pub fn manage_api_keys(caller: &Caller) -> Decision {
    manage_agencies(caller)
}

/// Managing a webhook of an API key: the administrators who manage the key's agency's keys, or the
/// key itself (`own_key`: a ministry system registers its own receiver).
pub fn manage_webhooks(caller: &Caller, own_key: bool) -> Decision {
    if own_key {
        return Ok(());
    }
    allow_if(
        caller.kind != ActorKind::ApiKey,
        "an API key manages only its own webhooks",
    )?;
    manage_api_keys(caller)
}

/// A key gets at most its creator's roles: an admin holds every role, and `viewer` comes with any
/// role (otherwise a person could hand a key a role they lack, an agency admin's `approver` key).
pub fn grant_key_roles(caller: &Caller, wanted: &[Role]) -> Decision {
    allow_if(
        caller.kind != ActorKind::ApiKey,
        "an API key cannot create API keys",
    )?;
    let lacking: Vec<&str> = wanted
        .iter()
        .filter(|r| **r != Role::Viewer && !caller.has(**r))
        .map(|r| r.as_str())
        .collect();
    if lacking.is_empty() {
        Ok(())
    } else {
        Err(ApiError::forbidden(format!(
            "a key gets at most its creator's roles; you do not hold: {}",
            lacking.join(", ")
        )))
    }
}

// ---- Alerts and imports ----------------------------------------------------------------------

/// Acknowledging an alert of the caller's subtree: its staff, not read-only viewers.
pub fn acknowledge_alert(caller: &Caller) -> Decision {
    allow_if(
        caller.roles.iter().any(|r| *r != Role::Viewer),
        "viewers read alerts; the agency's staff acknowledge them",
    )
}

/// Acknowledging is for open alerts (an acknowledged one already has someone on it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct AlertActions {
    /// `POST /alerts/{id}/acknowledge`.
    pub acknowledge: bool,
}

pub fn alert_actions(caller: &Caller, status: AlertStatus) -> AlertActions {
    AlertActions {
        acknowledge: status == AlertStatus::Open && acknowledge_alert(caller).is_ok(),
    }
}

/// Attaching evidence (uploading a file): the agencies' staff who report, plan, approve or
/// administer; viewers read.
pub fn attach_evidence(caller: &Caller) -> Decision {
    allow_if(
        caller.roles.iter().any(|r| *r != Role::Viewer),
        "viewers read; the agency's staff attach evidence",
    )
}

/// Running the alert evaluation on demand: the national administrator.
pub fn evaluate_alerts(caller: &Caller) -> Decision {
    allow_if(
        caller.roles.contains(&Role::Admin),
        "only admins run the evaluation on demand",
    )
}

/// Importing a kind at all (each row is then checked like its single endpoint), decided before
/// the file is read: agencies and plans need administrators, tasks and indicators planners,
/// figures reporters.
pub fn import(caller: &Caller, kind: crate::imports::ImportKind) -> Decision {
    use crate::imports::ImportKind;
    let (roles, why): (&[Role], &'static str) = match kind {
        ImportKind::Agencies | ImportKind::Reorganisation => (
            &[Role::Admin, Role::AgencyAdmin],
            "this needs one of the roles: admin, agency_admin",
        ),
        ImportKind::Tasks | ImportKind::Indicators => {
            (&[Role::Planner], "this needs one of the roles: planner")
        }
        ImportKind::IndicatorValues => (&[Role::Reporter], "this needs one of the roles: reporter"),
    };
    allow_if(caller.has_any(roles), why)
}

/// Reading the audit trail of the caller's subtree: everyone who may read the subtree (the trail is
/// how supervisors see who changed what; it never holds secrets).
pub fn read_audit(_caller: &Caller) -> Decision {
    Ok(())
}

/// Defining and stopping scheduled reports of the caller's subtree: planners (reading any report
/// of the scope is everyone's).
pub fn schedule_reports(caller: &Caller) -> Decision {
    allow_if(caller.has(Role::Planner), "only planners schedule reports")
}

/// What the caller may do at all, independent of any one object: the web app's menu and the
/// "create" buttons of list pages. Each object's view then says what may be done to it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct MeActions {
    /// `POST /resolutions`.
    pub plan_resolutions: bool,
    /// `POST /tasks` (where is decided by the resolution's and the parent's actions).
    pub plan_tasks: bool,
    /// `POST /indicators` and `POST /indicator-sets`.
    pub plan_indicators: bool,
    /// The approvals queue: `POST /values/{id}/approve` and `/return` on figures in scope.
    pub decide_figures: bool,
    /// The supervisor's list `GET /tasks?awaiting_decision=true`: completions to accept and
    /// requests to grant for the tasks the caller's agency assigned.
    pub decide_tasks: bool,
    /// `POST /agencies` under an agency of the subtree.
    pub manage_agencies: bool,
    /// `POST /users`, and the users page.
    pub manage_users: bool,
    /// The roles a new login made by the caller may get.
    pub grantable_roles: Vec<Role>,
    /// `GET|POST /api-keys`.
    pub manage_api_keys: bool,
    /// `GET|POST /webhooks` for the keys of the caller's subtree.
    pub manage_webhooks: bool,
    /// The roles a new API key made by the caller may get (at most the caller's own).
    pub grantable_key_roles: Vec<Role>,
    /// `GET /audit`.
    pub read_audit: bool,
    /// `POST /alerts/evaluate`.
    pub evaluate_alerts: bool,
    /// `POST /attachments`.
    pub attach_evidence: bool,
    /// `POST /me/password`.
    pub change_password: bool,
    /// `POST /report-schedules`.
    pub schedule_reports: bool,
    /// The sector view (`GET /indicators/{id}/provinces` of the caller's agency's indicators):
    /// the caller's agency heads a sector line (docs/roles.md).
    pub view_sector: bool,
    /// The kinds of `POST /imports/{kind}` the caller may send.
    pub import_kinds: Vec<crate::imports::ImportKind>,
}

/// The sector view: for everyone of an agency that heads a sector line (what it shows is limited
/// by the indicators' own rules).
pub fn view_sector(heads_sector_line: bool) -> Decision {
    allow_if(
        heads_sector_line,
        "only agencies that head a sector line have a sector view",
    )
}

/// `heads_sector_line`: the caller's agency heads a sector line (`sectors::heads_a_line`).
pub fn me_actions(caller: &Caller, heads_sector_line: bool) -> MeActions {
    let manage_users = manage_users(caller).is_ok();
    MeActions {
        plan_resolutions: plan_resolutions(caller).is_ok(),
        plan_tasks: plan_tasks(caller).is_ok(),
        plan_indicators: plan_indicators(caller).is_ok(),
        decide_figures: decide_figures(caller).is_ok(),
        decide_tasks: decide_tasks(caller).is_ok(),
        manage_agencies: manage_agencies(caller).is_ok(),
        manage_users,
        grantable_roles: if manage_users {
            grantable_roles(caller)
        } else {
            Vec::new()
        },
        manage_api_keys: manage_api_keys(caller).is_ok(),
        manage_webhooks: manage_webhooks(caller, false).is_ok(),
        grantable_key_roles: if manage_api_keys(caller).is_ok() {
            Role::ALL
                .iter()
                .copied()
                .filter(|r| grant_key_roles(caller, &[*r]).is_ok())
                .collect()
        } else {
            Vec::new()
        },
        read_audit: read_audit(caller).is_ok(),
        evaluate_alerts: evaluate_alerts(caller).is_ok(),
        attach_evidence: attach_evidence(caller).is_ok(),
        change_password: change_own_password(caller).is_ok(),
        schedule_reports: schedule_reports(caller).is_ok(),
        view_sector: view_sector(heads_sector_line).is_ok(),
        import_kinds: crate::imports::ImportKind::ALL
            .iter()
            .copied()
            .filter(|k| import(caller, *k).is_ok())
            .collect(),
    }
}

/// What the caller may do with a task now, by the functions above (shown as buttons by the web
/// app, which decides nothing itself).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct TaskActions {
    /// Change the plan (`PATCH` of anything but `status`).
    pub edit: bool,
    /// `DELETE` (also needs: no sub-tasks and no progress reports).
    pub delete: bool,
    /// The statuses `PATCH {"status"}` may move it to now.
    pub status_moves: Vec<TaskStatus>,
    /// `POST /tasks/{id}/reports`.
    pub report: bool,
    /// `POST /tasks` with this task as `parent_id`.
    pub decompose: bool,
    /// Create or edit an indicator that drives this task's progress.
    pub link_kpi: bool,
    /// `POST /tasks/{id}/directives`.
    pub issue_directive: bool,
    /// `PATCH {"due_date"}` (the assigners; the lead agency requests an extension instead).
    pub move_due_date: bool,
    /// `POST /tasks/{id}/completion`.
    pub propose_completion: bool,
    /// `POST /tasks/{id}/completion/accept` and `/return` (a proposal is waiting).
    pub decide_completion: bool,
    /// `POST /tasks/{id}/requests` (an extension or a cancellation).
    pub request_change: bool,
    /// Grant or refuse the task's requests (each request's own `actions` say which are pending).
    pub decide_requests: bool,
}

pub fn task_actions(caller: &Caller, t: &TaskFacts) -> TaskActions {
    if !t.resolution_open {
        return TaskActions::default();
    }
    let open = t.status != TaskStatus::Cancelled;
    let running = !t.status.is_closed() && t.status != TaskStatus::AwaitingAcceptance;
    TaskActions {
        edit: edit_task(caller, t).is_ok(),
        delete: delete_task(caller, t).is_ok(),
        status_moves: TaskStatus::ALL
            .iter()
            .copied()
            .filter(|to| *to != t.status && t.status.patchable(*to))
            .filter(|to| change_task_status(caller, t, *to).is_ok())
            .collect(),
        move_due_date: !t.status.is_closed() && decides(caller, t),
        propose_completion: running
            && t.status != TaskStatus::Paused
            && propose_completion(caller, t).is_ok(),
        decide_completion: t.status == TaskStatus::AwaitingAcceptance && decides(caller, t),
        request_change: !t.status.is_closed() && request_change(caller, t).is_ok(),
        decide_requests: !t.status.is_closed() && decides(caller, t),
        report: open && report_progress(caller, t).is_ok(),
        decompose: open && decompose_task(caller, t).is_ok(),
        link_kpi: link_kpi(caller, t).is_ok(),
        issue_directive: issue_directive(caller, t.directed()).is_ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(roles: &[Role]) -> Caller {
        Caller {
            user_id: "u".into(),
            username: "u".into(),
            agency_id: "a".into(),
            roles: roles.to_vec(),
            session_id: String::new(),
            request_id: None,
            kind: crate::audit::ActorKind::User,
        }
    }

    const LEAD: TaskFacts = TaskFacts {
        lead_in_scope: true,
        own_lead: true,
        assigner_in_scope: false,
        status: TaskStatus::InProgress,
        resolution_open: true,
        lead_has_parent: true,
    };

    #[test]
    fn a_lead_reporter_reports_and_pauses_but_does_not_complete() {
        let a = task_actions(&caller(&[Role::Reporter]), &LEAD);
        assert!(a.report && !a.edit && !a.decompose && !a.link_kpi);
        assert_eq!(a.status_moves, vec![TaskStatus::Paused]);
        assert!(a.propose_completion && a.request_change && !a.decide_completion);
    }

    #[test]
    fn the_lead_agencys_own_planner_neither_completes_nor_moves_its_deadline() {
        // A self-assigned task (the lead agency is also the assigner): its agency's planners
        // plan it but the agency above decides on it.
        let facts = TaskFacts {
            assigner_in_scope: true,
            ..LEAD
        };
        let a = task_actions(&caller(&[Role::Planner]), &facts);
        assert!(a.edit && !a.move_due_date && !a.decide_requests);
        assert_eq!(a.status_moves, vec![TaskStatus::Paused]);
        // At the top of the hierarchy nobody is above, so its own planners decide.
        let top = TaskFacts {
            lead_has_parent: false,
            ..facts
        };
        let a = task_actions(&caller(&[Role::Planner]), &top);
        assert!(a.move_due_date && a.decide_requests);
        assert!(a.status_moves.contains(&TaskStatus::Completed));
    }

    #[test]
    fn a_proposal_waits_for_the_assigner() {
        let waiting = TaskFacts {
            status: TaskStatus::AwaitingAcceptance,
            ..LEAD
        };
        let lead = task_actions(&caller(&[Role::Planner, Role::Reporter]), &waiting);
        assert!(!lead.propose_completion && !lead.decide_completion);
        assert!(lead.status_moves.is_empty());
        let assigner = TaskFacts {
            own_lead: false,
            assigner_in_scope: true,
            ..waiting
        };
        let a = task_actions(&caller(&[Role::Planner]), &assigner);
        assert!(a.decide_completion && a.status_moves.is_empty());
        assert!(!task_actions(&caller(&[Role::Approver]), &assigner).decide_completion);
    }

    #[test]
    fn assigners_plan_and_end_tasks() {
        let facts = TaskFacts {
            assigner_in_scope: true,
            own_lead: false,
            ..LEAD
        };
        let a = task_actions(&caller(&[Role::Planner]), &facts);
        assert!(a.edit && a.delete && a.decompose && a.link_kpi && !a.report);
        assert_eq!(
            a.status_moves,
            vec![
                TaskStatus::Completed,
                TaskStatus::Paused,
                TaskStatus::Cancelled
            ]
        );
    }

    #[test]
    fn a_closed_resolution_allows_nothing() {
        let facts = TaskFacts {
            resolution_open: false,
            ..LEAD
        };
        assert_eq!(
            task_actions(&caller(&[Role::Admin]), &facts),
            TaskActions::default()
        );
    }
}
