use actix_web::http::StatusCode;
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::{Account, User, UserRow};
use crate::agencies::handlers::visible as visible_agency;
use crate::audit::{self, Change};
use crate::auth::handlers::revoke_sessions;
use crate::auth::roles::{self, Role};
use crate::auth::{password, Caller};
use crate::db::schema::users;
use crate::db::{new_id, now, DbConn};
use crate::error::{ApiError, ErrorCode, FieldCode, FieldError};
use crate::etag;
use crate::extract::{object_id, Json, Query, Visible};
use crate::page::{self, Page};
use crate::scope;
use crate::search::{self, search_fold};
use crate::state::AppState;
use crate::validate;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    #[validate(custom(function = "validate::username"))]
    #[schema(min_length = 3, max_length = 64, pattern = r"^[a-z0-9._-]+$")]
    pub username: String,
    #[validate(custom(function = "validate::name"))]
    #[schema(min_length = 1, max_length = 500, pattern = r"\S")]
    pub display_name: String,
    #[validate(custom(function = "validate::uuid"))]
    #[schema(format = Uuid)]
    pub agency_id: String,
    #[validate(length(min = 1, max = 6))]
    #[schema(min_items = 1, max_items = 6)]
    pub roles: Vec<Role>,
    /// The initial password (10–128 characters).
    #[schema(min_length = 10, max_length = 128)]
    pub password: String,
}

/// Fields to change; absent fields stay as they are. `active: false` ends every session of the
/// user at once; a new `password` does too.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    #[validate(custom(function = "validate::name"))]
    #[schema(min_length = 1, max_length = 500, pattern = r"\S")]
    pub display_name: Option<String>,
    #[validate(custom(function = "validate::uuid"))]
    #[schema(format = Uuid)]
    pub agency_id: Option<String>,
    #[validate(length(min = 1, max = 6))]
    #[schema(min_items = 1, max_items = 6)]
    pub roles: Option<Vec<Role>>,
    pub active: Option<bool>,
    /// A new password (10–128 characters).
    #[schema(min_length = 10, max_length = 128)]
    pub password: Option<String>,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UserQuery {
    /// Only users of this agency (which must be in the caller's subtree).
    pub agency_id: Option<String>,
    /// Matches username or display name.
    #[validate(length(max = 200))]
    #[param(max_length = 200)]
    pub q: Option<String>,
    pub role: Option<Role>,
    pub active: Option<bool>,
    /// Page size (default 50, at most 500; more is a 400).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

fn with_etag(row: UserRow, caller: &Caller, status: StatusCode) -> HttpResponse {
    etag::tagged(status, row.version, &User::view(row, caller))
}

fn visible(conn: &mut DbConn, caller: &Caller, id: &str) -> Result<UserRow, ApiError> {
    users::table
        .filter(users::id.eq(id))
        .filter(users::agency_id.eq_any(scope::subtree_ids(&caller.agency_id)))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("user"))
}

impl crate::extract::Load for UserRow {
    const WHAT: &'static str = "user";
    fn load(conn: &mut DbConn, caller: &Caller, id: &str) -> Result<Self, ApiError> {
        visible(conn, caller, id)
    }
}

/// The users of the caller's subtree.
#[utoipa::path(
    tag = "users",
    params(UserQuery),
    security(("bearer" = [])),
    responses((status = 200, body = Page<User>))
)]
#[get("/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    caller: Caller,
    query: Query<UserQuery>,
) -> Result<web::Json<Page<User>>, ApiError> {
    let q = query.0;
    let (limit, offset) = page::window(q.limit, q.offset)?;
    let page = state
        .db
        .run(move |conn| {
            let filtered = || {
                let mut sel = users::table
                    .filter(users::agency_id.eq_any(scope::subtree_ids(&caller.agency_id)))
                    .into_boxed();
                if let Some(agency) = &q.agency_id {
                    sel = sel.filter(users::agency_id.eq(agency.clone()));
                }
                if let Some(role) = q.role {
                    sel = sel.filter(users::roles.like(format!("%\"{}\"%", role.as_str())));
                }
                if let Some(active) = q.active {
                    sel = sel.filter(users::active.eq(active));
                }
                if let Some(pattern) = q.q.as_deref().and_then(search::pattern) {
                    sel = sel.filter(
                        search_fold(users::username)
                            .like(pattern.clone())
                            .escape('\\')
                            .or(search_fold(users::display_name).like(pattern).escape('\\')),
                    );
                }
                sel
            };
            let total: i64 = filtered().count().get_result(conn)?;
            let rows: Vec<UserRow> = filtered()
                .order(users::username.asc())
                .limit(limit)
                .offset(offset)
                .select(UserRow::as_select())
                .load(conn)?;
            Ok(Page {
                items: rows.into_iter().map(|r| User::view(r, &caller)).collect(),
                total,
                limit,
                offset,
                next_cursor: None,
                removed: None,
            })
        })
        .await?;
    Ok(web::Json(page))
}

/// Who may create this login, and whether its password passes the policy: checked before the
/// (slow) hashing, and again by `create_in`.
pub fn check_create(caller: &Caller, input: &CreateUser) -> Result<(), ApiError> {
    crate::policy::manage_users(caller)?;
    crate::policy::grant_roles(caller, &input.roles)?;
    if let Some(problem) =
        password::check_policy(&input.password, &[&input.username, &input.display_name])
    {
        return Err(ApiError::invalid("password", problem));
    }
    Ok(())
}

/// Creates a login with its password already hashed (`password::hash(&input.password)`): the
/// service behind `POST /users` and the seeds.
pub fn create_in(
    conn: &mut DbConn,
    caller: &Caller,
    input: &CreateUser,
    hash: &str,
) -> Result<UserRow, ApiError> {
    check_create(caller, input)?;
    visible_agency(conn, caller, &input.agency_id).map_err(|_| {
        ApiError::invalid_as(
            "agency_id",
            FieldCode::NotFound,
            "no such agency in your scope",
        )
    })?;
    let taken: i64 = users::table
        .filter(users::username.eq(&input.username))
        .count()
        .get_result(conn)?;
    if taken > 0 {
        let mut e = ApiError::conflict(ErrorCode::DuplicateUsername, "the username is taken");
        e.errors = vec![FieldError::coded(
            "username",
            FieldCode::Duplicate,
            "is already used",
        )];
        return Err(e);
    }
    let id = new_id();
    let now = now();
    diesel::insert_into(users::table)
        .values((
            users::id.eq(&id),
            users::username.eq(&input.username),
            users::display_name.eq(input.display_name.trim()),
            users::agency_id.eq(&input.agency_id),
            users::roles.eq(roles::encode(&input.roles)),
            users::password_hash.eq(&hash),
            users::active.eq(true),
            users::version.eq(1),
            users::created_at.eq(now),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    let row: UserRow = users::table
        .find(&id)
        .select(UserRow::as_select())
        .first(conn)?;
    let view = Account::from(row.clone());
    audit::record::<(), _>(
        conn,
        &caller.actor(),
        Change {
            action: "create",
            entity_type: "user",
            entity_id: &id,
            agency_id: Some(&row.agency_id),
            before: None,
            after: Some(&view),
        },
    )?;
    Ok(row)
}

/// Creates a user in an agency of the caller's subtree (admin, agency_admin).
#[utoipa::path(
    tag = "users",
    request_body = CreateUser,
    security(("bearer" = [])),
    responses(
        (status = 201, body = User, headers(("ETag" = String))),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Username taken", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users")]
pub async fn create_user(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<CreateUser>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    check_create(&caller, &input)?;
    let hash = password::hash(&input.password)?;
    let viewer = caller.clone();
    let row = state
        .db
        .write(move |conn| create_in(conn, &caller, &input, &hash))
        .await?;
    Ok(with_etag(row, &viewer, StatusCode::CREATED))
}

/// One user of the caller's subtree.
#[utoipa::path(
    tag = "users",
    params(("id" = uuid::Uuid, Path, description = "User id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = User, headers(("ETag" = String))),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/users/{id}")]
pub async fn get_user(user: Visible<UserRow>) -> Result<HttpResponse, ApiError> {
    Ok(with_etag(user.object, &user.caller, StatusCode::OK))
}

/// Changes a user (admin, agency_admin). `If-Match` is optional here; when sent, a stale one is 412.
#[utoipa::path(
    tag = "users",
    params(
        ("id" = uuid::Uuid, Path, description = "User id"),
        ("If-Match" = Option<String>, Header, description = "The ETag from the last read"),
    ),
    request_body = UpdateUser,
    security(("bearer" = [])),
    responses(
        (status = 200, body = User, headers(("ETag" = String))),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The change would lock the caller out", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/users/{id}")]
pub async fn update_user(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    id: web::Path<String>,
    body: Json<UpdateUser>,
) -> Result<HttpResponse, ApiError> {
    let id = object_id(&id, "user")?;
    let input = body.0;
    let if_match = etag::required_if_match(&req).ok();
    let new_hash = match &input.password {
        Some(p) => {
            // Checked against the account's own names, and hashed before the write transaction
            // so that the slow hash does not hold the write lock.
            let (target, who) = (id.clone(), caller.clone());
            let target = state
                .db
                .run(move |conn| visible(conn, &who, &target))
                .await?;
            crate::policy::edit_user(
                &caller,
                roles::decode(&target.roles).contains(&Role::Admin),
                target.id == caller.user_id,
                true,
            )?;
            let display_name = input
                .display_name
                .as_deref()
                .unwrap_or(&target.display_name);
            if let Some(problem) = password::check_policy(p, &[&target.username, display_name]) {
                return Err(ApiError::invalid("password", problem));
            }
            Some(password::hash(p)?)
        }
        None => None,
    };
    let viewer = caller.clone();
    let row = state
        .db
        .write(move |conn| {
            let before = visible(conn, &caller, &id)?;
            crate::policy::edit_user(
                &caller,
                roles::decode(&before.roles).contains(&Role::Admin),
                before.id == caller.user_id,
                new_hash.is_some(),
            )?;
            if let Some(tag) = &if_match {
                etag::check(tag, before.version)?;
            }
            if let Some(wanted) = &input.roles {
                crate::policy::grant_roles(&caller, wanted)?;
            }
            if before.id == caller.user_id && (input.active == Some(false) || input.roles.is_some())
            {
                return Err(ApiError::conflict(
                    ErrorCode::SelfLockout,
                    "you cannot deactivate your own account or change your own roles",
                ));
            }
            if let Some(agency) = &input.agency_id {
                visible_agency(conn, &caller, agency).map_err(|_| {
                    ApiError::invalid_as(
                        "agency_id",
                        FieldCode::NotFound,
                        "no such agency in your scope",
                    )
                })?;
            }
            diesel::update(users::table.find(&id))
                .set((
                    input
                        .display_name
                        .as_ref()
                        .map(|n| users::display_name.eq(n.trim())),
                    input.agency_id.as_ref().map(|a| users::agency_id.eq(a)),
                    input
                        .roles
                        .as_ref()
                        .map(|r| users::roles.eq(roles::encode(r))),
                    input.active.map(|a| users::active.eq(a)),
                    new_hash.as_ref().map(|h| users::password_hash.eq(h)),
                    users::version.eq(users::version + 1),
                    users::updated_at.eq(now()),
                ))
                .execute(conn)?;
            let after: UserRow = users::table
                .find(&id)
                .select(UserRow::as_select())
                .first(conn)?;
            // Roles and agency are read on every request, so they apply at once; a deactivated
            // account or a reset password must also end the sessions already open.
            if input.active == Some(false) {
                revoke_sessions(conn, &id, None, "deactivated")?;
            } else if new_hash.is_some() {
                revoke_sessions(conn, &id, None, "password_reset")?;
            }
            let (b, a) = (Account::from(before), Account::from(after.clone()));
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "update",
                    entity_type: "user",
                    entity_id: &id,
                    agency_id: Some(&a.agency_id),
                    before: Some(&b),
                    after: Some(&a),
                },
            )?;
            Ok(after)
        })
        .await?;
    Ok(with_etag(row, &viewer, StatusCode::OK))
}
