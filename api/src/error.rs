//! One error type for the whole service. Every failure, including actix's own extractor errors,
//! becomes an RFC 9457 `application/problem+json` body; the request id is added by
//! [`problem_middleware`], which also logs unexpected errors with it.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, StatusCode};
use actix_web::{HttpMessage, HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

text_enum!(
    /// The stable, machine-readable code of a problem: clients switch on it and translate it (the
    /// `detail` is English prose for developers).
    ErrorCode {
        AlertAcknowledged => "alert_acknowledged",
        AlertResolved => "alert_resolved",
        AlreadyDecided => "already_decided",
        BadBody => "bad_body",
        BadQuery => "bad_query",
        BadRequest => "bad_request",
        BulkRefused => "bulk_refused",
        CompletionPending => "completion_pending",
        CompositeComputed => "composite_computed",
        DatabaseBusy => "database_busy",
        DraftExists => "draft_exists",
        Duplicate => "duplicate",
        DuplicateCode => "duplicate_code",
        DuplicateUsername => "duplicate_username",
        EvaluationRunning => "evaluation_running",
        Forbidden => "forbidden",
        FormulaTooComplex => "formula_too_complex",
        HasChildren => "has_children",
        HasReports => "has_reports",
        HasUsers => "has_users",
        HeadersTooLarge => "headers_too_large",
        IfMatchRequired => "if_match_required",
        IllegalTransition => "illegal_transition",
        ImportRunning => "import_running",
        IndicatorLocked => "indicator_locked",
        InternalError => "internal_error",
        MalformedJson => "malformed_json",
        MethodNotAllowed => "method_not_allowed",
        NotActive => "not_active",
        NotEmpty => "not_empty",
        NotFound => "not_found",
        NotLocked => "not_locked",
        NotMerged => "not_merged",
        OpenSubtasks => "open_subtasks",
        ParentNotActive => "parent_not_active",
        PayloadTooLarge => "payload_too_large",
        PeriodLocked => "period_locked",
        Published => "published",
        RateLimited => "rate_limited",
        RequestPending => "request_pending",
        ResolutionClosed => "resolution_closed",
        SecondFactorEnabled => "second_factor_enabled",
        SecondFactorEnrolmentRequired => "second_factor_enrolment_required",
        SecondFactorInvalid => "second_factor_invalid",
        SecondFactorNotEnabled => "second_factor_not_enabled",
        SecondFactorRequired => "second_factor_required",
        SecondFactorRequiredByRole => "second_factor_required_by_role",
        SelfLockout => "self_lockout",
        SsoCodeRefused => "sso_code_refused",
        SsoNotConfigured => "sso_not_configured",
        SsoStateInvalid => "sso_state_invalid",
        SsoTokenInvalid => "sso_token_invalid",
        SsoUnavailable => "sso_unavailable",
        SsoUserUnknown => "sso_user_unknown",
        StaleEtag => "stale_etag",
        StillOpen => "still_open",
        StillReferenced => "still_referenced",
        Superseded => "superseded",
        TaskCancelled => "task_cancelled",
        TooSmall => "too_small",
        Unauthorized => "unauthorized",
        Unavailable => "unavailable",
        UnsupportedMediaType => "unsupported_media_type",
        ValidationFailed => "validation_failed",
        WrittenSince => "written_since",
    }
);

text_enum!(
    /// What is wrong with one field: clients translate it; `message` says it in English.
    FieldCode {
        /// The value is not acceptable here (the message says why).
        Invalid => "invalid",
        /// A required field is missing or empty.
        Required => "required",
        /// A field the request does not have.
        UnknownField => "unknown_field",
        /// The value has the wrong JSON type or shape (text for a number, an unknown enum value).
        WrongType => "wrong_type",
        /// Too short or too long (text or list).
        Length => "length",
        /// A number outside its allowed range.
        Range => "range",
        /// The text does not have the required form (an id, a code, a date, a period, a URL).
        Format => "format",
        /// It names nothing the caller can see (an agency, task or indicator id or code).
        NotFound => "not_found",
        /// The value is already used by another record (or repeats within the request).
        Duplicate => "duplicate",
        /// The caller may not do this to the item named (bulk decisions).
        Forbidden => "forbidden",
        /// The item named is not in a state that allows it (bulk decisions: already decided,
        /// superseded, locked).
        Conflict => "conflict",
    }
);

/// One problem with one input field.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct FieldError {
    /// The field, as a JSON path for bodies (`roles[1]`) or the parameter name for queries.
    pub field: String,
    pub code: FieldCode,
    pub message: String,
}

impl FieldError {
    /// A field that is not acceptable (`invalid`); the message says why.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::coded(field, FieldCode::Invalid, message)
    }

    pub fn coded(field: impl Into<String>, code: FieldCode, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code,
            message: message.into(),
        }
    }
}

/// An RFC 9457 problem document.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:restrack:problem:validation_failed",
    "title": "Unprocessable Entity",
    "status": 422,
    "detail": "the request has invalid fields",
    "code": "validation_failed",
    "request_id": "0193a6b2-5c1e-7d4f-9a2b-3c4d5e6f7a8b",
    "errors": [{"field": "due_date", "code": "invalid", "message": "must not be before start_date"}]
}))]
pub struct Problem {
    /// A URI reference naming the problem type (`about:blank` or `urn:restrack:problem:<code>`).
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub code: ErrorCode,
    /// The id of the request, also in the `X-Request-Id` header; quote it when reporting a fault.
    pub request_id: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub detail: String,
    pub errors: Vec<FieldError>,
    pub retry_after: Option<u64>,
    /// The cause of an unexpected failure; logged, never sent.
    pub internal: Option<anyhow::Error>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status.as_u16(), self.code, self.detail)?;
        if let Some(e) = &self.internal {
            write!(f, " ({e:#})")?;
        }
        Ok(())
    }
}

impl From<crate::text_enum::UnknownText> for ApiError {
    /// A stored status or kind that names no variant: a fault of the data, never a default.
    fn from(e: crate::text_enum::UnknownText) -> Self {
        ApiError::internal(anyhow::Error::new(e))
    }
}

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, detail: impl Into<String>) -> Self {
        Self {
            status,
            code,
            detail: detail.into(),
            errors: Vec::new(),
            retry_after: None,
            internal: None,
        }
    }

    pub fn bad_request(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, detail)
    }
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized, detail)
    }
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden, detail)
    }
    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            format!("{what} not found"),
        )
    }
    pub fn conflict(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, detail)
    }
    pub fn precondition_failed() -> Self {
        Self::new(
            StatusCode::PRECONDITION_FAILED,
            ErrorCode::StaleEtag,
            "the object was changed by someone else since you read it; reload and try again",
        )
    }
    pub fn precondition_required() -> Self {
        Self::new(
            StatusCode::PRECONDITION_REQUIRED,
            ErrorCode::IfMatchRequired,
            "this change needs an If-Match header with the object's current ETag",
        )
    }
    pub fn payload_too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::PayloadTooLarge,
            format!("the request body is larger than the limit of {limit} bytes"),
        )
    }
    pub fn unsupported_media_type(expected: &str) -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            format!("the request body must be {expected}"),
        )
    }
    /// 422 with one field named.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::validation(vec![FieldError::new(field, message)])
    }
    /// 422 with one field named and what kind of problem it is.
    pub fn invalid_as(
        field: impl Into<String>,
        code: FieldCode,
        message: impl Into<String>,
    ) -> Self {
        Self::validation(vec![FieldError::coded(field, code, message)])
    }
    /// 422 with every field problem listed.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let detail = match errors.as_slice() {
            [one] => format!("{}: {}", one.field, one.message),
            _ => format!("{} fields are invalid", errors.len()),
        };
        Self {
            errors,
            ..Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::ValidationFailed,
                detail,
            )
        }
    }
    pub fn too_many_requests(retry_after: u64) -> Self {
        Self {
            retry_after: Some(retry_after.max(1)),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::RateLimited,
                format!(
                    "too many attempts; try again in {} seconds",
                    retry_after.max(1)
                ),
            )
        }
    }
    pub fn unavailable() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::Unavailable,
            "the database is not reachable right now; try again shortly",
        )
    }
    pub fn internal(cause: anyhow::Error) -> Self {
        Self {
            internal: Some(cause),
            ..Self::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::InternalError,
                "an unexpected error occurred; quote the request id when reporting it",
            )
        }
    }

    fn problem(&self, request_id: &str) -> Problem {
        Problem {
            type_: if self.status == StatusCode::INTERNAL_SERVER_ERROR {
                "about:blank".into()
            } else {
                format!("urn:restrack:problem:{}", self.code)
            },
            title: self
                .status
                .canonical_reason()
                .unwrap_or("Error")
                .to_string(),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
            code: self.code,
            request_id: request_id.to_string(),
            errors: self.errors.clone(),
        }
    }

    fn to_response(&self, request_id: &str) -> HttpResponse {
        let mut builder = HttpResponse::build(self.status);
        builder.content_type("application/problem+json");
        if let Some(secs) = self.retry_after {
            builder.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        builder.body(serde_json::to_vec(&self.problem(request_id)).unwrap_or_default())
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse<BoxBody> {
        // The middleware replaces this body with one carrying the request id.
        self.to_response("")
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => ApiError::not_found("object"),
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                // The database's own message names tables and constraints: logged, not shown.
                tracing::info!(constraint = info.message(), "unique violation");
                ApiError::conflict(
                    ErrorCode::Duplicate,
                    "a record with the same unique value exists",
                )
            }
            // SQLite's single writer was busy past the busy timeout: nothing was written, and the
            // client may retry (a 503 with Retry-After, never a 500).
            Error::DatabaseError(_, info)
                if info.message().contains("database is locked")
                    || info.message().contains("database is busy") =>
            {
                tracing::warn!("SQLite writer busy past the busy timeout");
                let mut e = ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrorCode::DatabaseBusy,
                    "the database is busy with another write; try again shortly",
                );
                e.retry_after = Some(1);
                e
            }
            Error::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => ApiError::conflict(
                ErrorCode::StillReferenced,
                "the object is referenced by other records",
            ),
            other => ApiError::internal(other.into()),
        }
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(e: serde_json::Error) -> Self {
        ApiError::internal(e.into())
    }
}

/// The methods the OpenAPI document lists for a concrete path (`/api/v1/tasks/123`), if it lists it.
fn allowed_methods(path: &str) -> Option<String> {
    use std::sync::OnceLock;
    static ROUTES: OnceLock<Vec<(Vec<String>, String)>> = OnceLock::new();
    let routes = ROUTES.get_or_init(|| {
        let doc = crate::openapi::document();
        doc.paths
            .paths
            .iter()
            .map(|(template, item)| {
                let methods: Vec<&str> = [
                    ("GET", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ]
                .into_iter()
                .filter(|(_, present)| *present)
                .map(|(m, _)| m)
                .collect();
                (
                    template.split('/').map(str::to_string).collect(),
                    methods.join(", "),
                )
            })
            .collect()
    });
    let segments: Vec<&str> = path.split('/').collect();
    routes
        .iter()
        .find(|(template, _)| {
            template.len() == segments.len()
                && template
                    .iter()
                    .zip(&segments)
                    .all(|(t, s)| (t.starts_with('{') && !s.is_empty()) || t == s)
        })
        .map(|(_, methods)| methods.clone())
}

/// The request id of the current request, for handlers (audit records carry it).
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// Assigns the request id, echoes it in `X-Request-Id`, and turns every [`ApiError`] (and any other
/// actix error) into a problem document carrying it. Unexpected errors are logged here, once.
pub async fn problem_middleware(
    req: ServiceRequest,
    next: actix_web::middleware::Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // The same id as the request's log span (tracing-actix-web), so a reported id finds the logs.
    let request_id = req
        .extensions()
        .get::<tracing_actix_web::RequestId>()
        .map(|id| id.to_string())
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    req.extensions_mut().insert(RequestId(request_id.clone()));
    let method = req.method().clone();
    let path = req.path().to_string();
    let res = next.call(req).await?;
    // actix's own answers: empty 404s, and 405s with a plain-text body.
    let bare_error = res.response().error().is_none()
        && res.status().as_u16() >= 400
        && (!res.headers().contains_key(header::CONTENT_TYPE)
            || res.status() == StatusCode::METHOD_NOT_ALLOWED);
    let allowed = if matches!(
        res.status(),
        StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED
    ) && bare_error
    {
        allowed_methods(res.request().path())
    } else {
        None
    };
    let mut res = match res.response().error() {
        // A documented path with a method it does not have: 405 with the methods it has.
        None if allowed.is_some() => {
            let allow = allowed.unwrap_or_default();
            let mut replacement = ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                ErrorCode::MethodNotAllowed,
                format!(
                    "{} is not allowed here; allowed: {allow}",
                    res.request().method()
                ),
            )
            .to_response(&request_id);
            if let Ok(v) = header::HeaderValue::from_str(&allow) {
                replacement.headers_mut().insert(header::ALLOW, v);
            }
            let (req, _) = res.into_parts();
            ServiceResponse::new(req, replacement)
        }
        // actix's own empty 404/405 answers get the same problem body as everything else.
        None if bare_error => {
            let status = res.status();
            let code = match status {
                StatusCode::NOT_FOUND => ErrorCode::NotFound,
                StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
                _ => ErrorCode::BadRequest,
            };
            let detail = status.canonical_reason().unwrap_or("error").to_lowercase();
            let replacement = ApiError::new(status, code, detail).to_response(&request_id);
            let (req, _) = res.into_parts();
            ServiceResponse::new(req, replacement)
        }
        None => res.map_into_boxed_body(),
        Some(err) => {
            let api_error = err.as_error::<ApiError>();
            let replacement = match api_error {
                Some(api) => {
                    if api.status.is_server_error() && api.status != StatusCode::SERVICE_UNAVAILABLE
                    {
                        tracing::error!(%request_id, %method, %path, error = %api, "request failed");
                    }
                    api.to_response(&request_id)
                }
                None => {
                    // An error from actix itself or a library that we did not map.
                    let status = err.as_response_error().status_code();
                    if status.is_server_error() {
                        tracing::error!(%request_id, %method, %path, error = %err, "request failed");
                        ApiError::internal(anyhow::anyhow!("{err}")).to_response(&request_id)
                    } else {
                        let code = match status {
                            StatusCode::NOT_FOUND => ErrorCode::NotFound,
                            StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
                            StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
                            StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
                            _ => ErrorCode::BadRequest,
                        };
                        ApiError::new(status, code, err.to_string()).to_response(&request_id)
                    }
                }
            };
            let (req, _) = res.into_parts();
            ServiceResponse::new(req, replacement)
        }
    };
    if let Ok(value) = header::HeaderValue::from_str(&request_id) {
        res.headers_mut()
            .insert(header::HeaderName::from_static("x-request-id"), value);
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_shape() {
        let e = ApiError::invalid_as("code", FieldCode::Required, "must not be empty");
        let p = e.problem("rid-1");
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["status"], 422);
        assert_eq!(json["type"], "urn:restrack:problem:validation_failed");
        assert_eq!(json["errors"][0]["field"], "code");
        assert_eq!(json["request_id"], "rid-1");
    }

    #[test]
    fn internal_error_says_nothing_internal() {
        let e = ApiError::internal(anyhow::anyhow!("SELECT * FROM secret_table failed"));
        let body = serde_json::to_string(&e.problem("rid")).unwrap();
        assert!(!body.contains("secret_table"));
    }
}
