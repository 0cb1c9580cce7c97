//! `GET /me/notifications`, `POST /me/notifications/read` and
//! `GET|PUT /me/notification-settings`: a user's own notifications and how they reach them.

use actix_web::{get, post, put, web};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::{Notification, NotificationRow, NotifyMode};
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db::schema::{notifications, users};
use crate::db::{now, DbConn};
use crate::error::ApiError;
use crate::extract::{Json, Query};
use crate::page;
use crate::state::AppState;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct NotificationQuery {
    /// Only the unread ones.
    pub unread: Option<bool>,
    /// Page size (default 50, at most 500; more is a 400).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

/// One page of the caller's notifications, newest first, with the unread count (the bell).
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationPage {
    pub items: Vec<Notification>,
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
    /// How many of all the caller's notifications are unread.
    pub unread: i64,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkRead {
    /// The notifications to mark read (the caller's own; at most 500). Absent: all of them.
    #[validate(length(min = 1, max = 500))]
    #[schema(min_items = 1, max_items = 500)]
    pub ids: Option<Vec<uuid::Uuid>>,
}

/// The unread count after marking.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnreadCount {
    pub unread: i64,
}

/// How the caller's notifications reach them by e-mail.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationSettings {
    /// Where mail goes; `null`: no mail, only the in-app list.
    pub email: Option<String>,
    /// `immediate`: one mail per notification; `digest`: one mail a day with all of them;
    /// `off`: no mail.
    pub notify: NotifyMode,
    /// Whether the server sends mail at all (SMTP configured).
    pub mail_enabled: bool,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PutNotificationSettings {
    /// An e-mail address, or `null` for none.
    #[validate(email, length(max = 254))]
    #[schema(format = "email", max_length = 254)]
    pub email: Option<String>,
    pub notify: NotifyMode,
}

fn unread(conn: &mut DbConn, user: &str) -> Result<i64, ApiError> {
    Ok(notifications::table
        .filter(notifications::user_id.eq(user))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)?)
}

/// The caller's notifications, newest first, and how many are unread.
#[utoipa::path(
    operation_id = "list_my_notifications",
    tag = "auth",
    params(NotificationQuery),
    security(("bearer" = [])),
    responses((status = 200, body = NotificationPage))
)]
#[get("/me/notifications")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: Query<NotificationQuery>,
) -> Result<web::Json<NotificationPage>, ApiError> {
    let q = query.0;
    let (limit, offset) = page::window(q.limit, q.offset)?;
    let body = state
        .db
        .run(move |conn| {
            let mine = || {
                let mut sel = notifications::table
                    .filter(notifications::user_id.eq(caller.user_id.clone()))
                    .into_boxed();
                if q.unread == Some(true) {
                    sel = sel.filter(notifications::read_at.is_null());
                }
                sel
            };
            let total: i64 = mine().count().get_result(conn)?;
            let rows: Vec<NotificationRow> = mine()
                .order((notifications::created_at.desc(), notifications::id.desc()))
                .limit(limit)
                .offset(offset)
                .select(NotificationRow::as_select())
                .load(conn)?;
            Ok(NotificationPage {
                items: rows.into_iter().map(Notification::from).collect(),
                total,
                limit,
                offset,
                unread: unread(conn, &caller.user_id)?,
            })
        })
        .await?;
    Ok(web::Json(body))
}

/// Marks some (or all) of the caller's notifications read. Ids of other users' notifications
/// change nothing.
#[utoipa::path(
    operation_id = "mark_my_notifications_read",
    tag = "auth",
    request_body = MarkRead,
    security(("bearer" = [])),
    responses(
        (status = 200, body = UnreadCount),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/notifications/read")]
pub async fn mark_read(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<MarkRead>,
) -> Result<web::Json<UnreadCount>, ApiError> {
    let ids: Option<Vec<String>> = body
        .0
        .ids
        .map(|v| v.iter().map(|u| u.to_string()).collect());
    let count = state
        .db
        .write(move |conn| {
            let mine = notifications::table
                .filter(notifications::user_id.eq(&caller.user_id))
                .filter(notifications::read_at.is_null());
            match &ids {
                Some(ids) => diesel::update(mine.filter(notifications::id.eq_any(ids)))
                    .set(notifications::read_at.eq(Some(now())))
                    .execute(conn)?,
                None => diesel::update(mine)
                    .set(notifications::read_at.eq(Some(now())))
                    .execute(conn)?,
            };
            Ok(UnreadCount {
                unread: unread(conn, &caller.user_id)?,
            })
        })
        .await?;
    Ok(web::Json(count))
}

fn settings(
    conn: &mut DbConn,
    state: &AppState,
    user: &str,
) -> Result<NotificationSettings, ApiError> {
    let (email, mode): (Option<String>, String) = users::table
        .find(user)
        .select((users::email, users::notify))
        .first(conn)?;
    Ok(NotificationSettings {
        email,
        notify: mode.parse()?,
        mail_enabled: state.config.smtp.is_some(),
    })
}

/// How the caller's notifications reach them.
#[utoipa::path(
    operation_id = "get_my_notification_settings",
    tag = "auth",
    security(("bearer" = [])),
    responses((status = 200, body = NotificationSettings))
)]
#[get("/me/notification-settings")]
pub async fn get_settings(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<web::Json<NotificationSettings>, ApiError> {
    let app = state.clone();
    let body = state
        .db
        .run(move |conn| settings(conn, &app, &caller.user_id))
        .await?;
    Ok(web::Json(body))
}

/// Sets the caller's e-mail address and how notifications reach them (audited).
#[utoipa::path(
    operation_id = "put_my_notification_settings",
    tag = "auth",
    request_body = PutNotificationSettings,
    security(("bearer" = [])),
    responses(
        (status = 200, body = NotificationSettings),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/me/notification-settings")]
pub async fn put_settings(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<PutNotificationSettings>,
) -> Result<web::Json<NotificationSettings>, ApiError> {
    let input = body.0;
    let app = state.clone();
    let body = state
        .db
        .write(move |conn| {
            let email = input.email.as_deref().map(str::trim);
            let before = settings(conn, &app, &caller.user_id)?;
            diesel::update(users::table.find(&caller.user_id))
                .set((
                    users::email.eq(email.filter(|e| !e.is_empty())),
                    users::notify.eq(input.notify.as_str()),
                ))
                .execute(conn)?;
            let after = settings(conn, &app, &caller.user_id)?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "update_notification_settings",
                    entity_type: "user",
                    entity_id: &caller.user_id,
                    agency_id: Some(&caller.agency_id),
                    before: Some(
                        &serde_json::json!({"email": before.email, "notify": before.notify}),
                    ),
                    after: Some(&serde_json::json!({"email": after.email, "notify": after.notify})),
                },
            )?;
            Ok(after)
        })
        .await?;
    Ok(web::Json(body))
}
