//! Request extractors that turn bad input into the same problem documents as everything else:
//! [`Json`] (content type, size limit, syntax → 400, shape → 422 naming the field, then
//! `validator` rules → 422) and [`Query`] (→ 400 naming the parameter).

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use serde::de::DeserializeOwned;
use validator::{Validate, ValidationErrors, ValidationErrorsKind};

use crate::auth::Caller;
use crate::error::{ApiError, ErrorCode, FieldCode, FieldError};
use crate::state::AppState;

/// The body size limit for JSON requests, stored as app data.
#[derive(Clone, Copy, Debug)]
pub struct JsonLimit(pub usize);

/// A JSON request body, deserialised and validated.
pub struct Json<T>(pub T);

fn is_json(req: &HttpRequest) -> bool {
    match req.mime_type() {
        Ok(Some(mime)) => {
            mime.type_() == "application"
                && (mime.subtype() == "json" || mime.suffix().is_some_and(|s| s == "json"))
        }
        _ => false,
    }
}

pub fn payload_error(err: actix_web::Error, limit: usize) -> ApiError {
    match err.as_error::<PayloadError>() {
        Some(PayloadError::Overflow) => ApiError::payload_too_large(limit),
        _ => match err.as_error::<actix_web::error::JsonPayloadError>() {
            Some(actix_web::error::JsonPayloadError::Overflow { .. })
            | Some(actix_web::error::JsonPayloadError::OverflowKnownLength { .. }) => {
                ApiError::payload_too_large(limit)
            }
            _ => ApiError::bad_request(
                ErrorCode::BadBody,
                format!("cannot read the request body: {err}"),
            ),
        },
    }
}

/// Parses JSON bytes into `T`: syntax errors are 400, shape errors 422 with the field's path.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data => {
                let message = strip_position(&inner.to_string());
                ApiError::validation(vec![FieldError::coded(
                    field_of(&path, &message),
                    shape_code(&message),
                    message,
                )])
            }
            _ => {
                ApiError::bad_request(ErrorCode::MalformedJson, format!("malformed JSON: {inner}"))
            }
        }
    })?;
    de.end().map_err(|e| {
        ApiError::bad_request(ErrorCode::MalformedJson, format!("malformed JSON: {e}"))
    })?;
    Ok(value)
}

/// What kind of shape error serde reported.
fn shape_code(message: &str) -> FieldCode {
    if message.starts_with("missing field") {
        FieldCode::Required
    } else if message.starts_with("unknown field") {
        FieldCode::UnknownField
    } else {
        FieldCode::WrongType
    }
}

/// The field a shape error is about: its path, or for a missing or unknown field that field's
/// name under the path.
fn field_of(path: &str, message: &str) -> String {
    let named = ["missing field `", "unknown field `"]
        .iter()
        .find_map(|prefix| message.strip_prefix(prefix))
        .and_then(|rest| rest.split('`').next());
    match (path, named) {
        (".", Some(name)) => name.to_string(),
        (_, Some(name)) if path == name || path.ends_with(&format!(".{name}")) => path.to_string(),
        (_, Some(name)) => format!("{path}.{name}"),
        (".", None) => "body".to_string(),
        (_, None) => path.to_string(),
    }
}

fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Flattens validator's nested errors into `{field, message}` pairs with JSON paths.
pub fn validation_errors(errors: &ValidationErrors) -> Vec<FieldError> {
    let mut out = Vec::new();
    collect_validation(errors, "", &mut out);
    out.sort_by(|a, b| a.field.cmp(&b.field));
    out
}

fn collect_validation(errors: &ValidationErrors, prefix: &str, out: &mut Vec<FieldError>) {
    for (field, kind) in errors.errors() {
        let path = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => {
                for e in list {
                    let message = e
                        .message
                        .as_ref()
                        .map(|m| m.to_string())
                        .unwrap_or_else(|| describe_rule(e));
                    out.push(FieldError::coded(path.clone(), rule_code(e), message));
                }
            }
            ValidationErrorsKind::Struct(inner) => collect_validation(inner, &path, out),
            ValidationErrorsKind::List(items) => {
                for (i, inner) in items {
                    collect_validation(inner, &format!("{path}[{i}]"), out);
                }
            }
        }
    }
}

/// The field code of a validator rule (ours in `validate.rs`, or validator's own).
fn rule_code(e: &validator::ValidationError) -> FieldCode {
    match e.code.as_ref() {
        "length" => FieldCode::Length,
        "range" => FieldCode::Range,
        "blank" | "required" => FieldCode::Required,
        "email" | "url" | "uuid" | "web_url" | "control_chars" | "regex" => FieldCode::Format,
        _ => FieldCode::Invalid,
    }
}

fn describe_rule(e: &validator::ValidationError) -> String {
    let param = |name: &str| e.params.get(name).map(|v| v.to_string());
    match e.code.as_ref() {
        "length" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("length must be between {min} and {max}"),
            (Some(min), None) => format!("length must be at least {min}"),
            (None, Some(max)) => format!("length must be at most {max}"),
            _ => "invalid length".into(),
        },
        "range" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("must be between {min} and {max}"),
            (Some(min), None) => format!("must be at least {min}"),
            (None, Some(max)) => format!("must be at most {max}"),
            _ => "out of range".into(),
        },
        "email" => "must be an email address".into(),
        "url" => "must be a URL".into(),
        other => other.replace('_', " "),
    }
}

impl<T> FromRequest for Json<T>
where
    T: DeserializeOwned + Validate + 'static,
{
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req
            .app_data::<JsonLimit>()
            .copied()
            .unwrap_or(JsonLimit(1024 * 1024))
            .0;
        if !is_json(req) {
            return Box::pin(async { Err(ApiError::unsupported_media_type("application/json")) });
        }
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let bytes = body.await.map_err(|e| payload_error(e, limit))?;
            if bytes.len() > limit {
                return Err(ApiError::payload_too_large(limit));
            }
            let value: T = parse_json(&bytes)?;
            value
                .validate()
                .map_err(|e| ApiError::validation(validation_errors(&e)))?;
            Ok(Json(value))
        })
    }
}

/// Query parameters, deserialised with the failing parameter named (400).
pub struct Query<T>(pub T);

impl<T: DeserializeOwned + Validate + 'static> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(parse_query(req.query_string()).map(Query))
    }
}

/// Whether a query parameter or a field names an object by its id (`agency_id`,
/// `lead_agency_subtree`): such a value is a UUID, as the contract says (`format: uuid`). The
/// audit's `entity_id` is not: it also names settings (`totp_required_roles`).
pub fn is_id_parameter(name: &str) -> bool {
    (name.ends_with("_id") && name != "entity_id") || name == "id" || name == "lead_agency_subtree"
}

/// 400 naming the first id parameter whose value is no UUID, before anything is looked up.
fn check_ids(query: &str) -> Result<(), ApiError> {
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        if is_id_parameter(&name) && !value.is_empty() && uuid::Uuid::parse_str(&value).is_err() {
            let message = "must be an id (a UUID)";
            let mut err = ApiError::bad_request(
                ErrorCode::BadQuery,
                format!("invalid query parameter {name}: {message}"),
            );
            err.errors = vec![FieldError::coded(
                name.to_string(),
                FieldCode::Format,
                message,
            )];
            return Err(err);
        }
    }
    Ok(())
}

pub fn parse_query<T: DeserializeOwned + Validate>(query: &str) -> Result<T, ApiError> {
    check_ids(query)?;
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    let value: T = serde_path_to_error::deserialize(de).map_err(|e| {
        let field = e.path().to_string();
        let mut err = ApiError::bad_request(
            ErrorCode::BadQuery,
            format!("invalid query parameter {field}: {}", e.inner()),
        );
        let message = e.inner().to_string();
        let code = shape_code(&message);
        err.errors = vec![FieldError::coded(field, code, message)];
        err
    })?;
    value.validate().map_err(|e| {
        let mut err = ApiError::bad_request(ErrorCode::BadQuery, "invalid query parameters");
        err.errors = validation_errors(&e);
        if let [one] = err.errors.as_slice() {
            err.detail = format!("invalid query parameter {}: {}", one.field, one.message);
        }
        err
    })?;
    Ok(value)
}

/// How a resource is loaded for a caller: the object, or 404 when it does not exist or lies outside
/// the caller's scope (never revealing which). Each resource implements it next to its rows.
pub trait Load: Sized + Send + 'static {
    /// What a 404 names, for example `task`.
    const WHAT: &'static str;
    fn load(conn: &mut crate::db::DbConn, caller: &Caller, id: &str) -> Result<Self, ApiError>;
}

/// The object named by the path's `{id}`, loaded for the authenticated caller by its [`Load`]:
/// one extractor for every resource, so that no handler forgets the scope. A malformed id is a 404
/// like an unknown one.
pub struct Visible<T> {
    pub caller: Caller,
    pub object: T,
}

impl<T: Load> FromRequest for Visible<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let caller = Caller::from_request(req, payload);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let raw = req.match_info().get("id").unwrap_or_default().to_string();
        Box::pin(async move {
            let caller = caller.await?;
            let state = state.ok_or_else(|| ApiError::internal(anyhow::anyhow!("no app state")))?;
            let id = object_id(&raw, T::WHAT)?;
            let who = caller.clone();
            let object = state.db.run(move |conn| T::load(conn, &who, &id)).await?;
            Ok(Visible { caller, object })
        })
    }
}

/// Path ids are UUIDs; anything else names no object (404).
pub fn object_id(raw: &str, what: &str) -> Result<String, ApiError> {
    uuid::Uuid::parse_str(raw)
        .map(|u| u.hyphenated().to_string())
        .map_err(|_| ApiError::not_found(what))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Validate, Debug)]
    #[serde(deny_unknown_fields)]
    struct Body {
        #[validate(length(min = 1, max = 5))]
        code: String,
        #[allow(dead_code)]
        n: i32,
    }

    #[derive(Deserialize, Validate, Debug)]
    struct Filter {
        #[allow(dead_code)]
        agency_id: Option<String>,
        #[allow(dead_code)]
        q: Option<String>,
    }

    #[test]
    fn a_query_id_must_be_a_uuid() {
        let refused = parse_query::<Filter>("q=x&agency_id=HN").unwrap_err();
        assert_eq!(refused.status.as_u16(), 400);
        assert_eq!(refused.errors[0].field, "agency_id");
        assert_eq!(refused.errors[0].code, FieldCode::Format);
        assert!(
            parse_query::<Filter>("agency_id=6f1c1a52-8d3e-4f1e-9a44-2d0c5b7e9a10&q=HN").is_ok()
        );
        // Empty is "no filter", as before.
        assert!(parse_query::<Filter>("agency_id=").is_ok());
    }

    #[test]
    fn syntax_error_is_400() {
        let e = parse_json::<Body>(b"{\"code\": ").unwrap_err();
        assert_eq!(e.status.as_u16(), 400);
        let e = parse_json::<Body>(b"{\"code\":\"a\",\"n\":1} trailing").unwrap_err();
        assert_eq!(e.status.as_u16(), 400);
    }

    #[test]
    fn shape_error_names_the_field() {
        let e = parse_json::<Body>(br#"{"code":"a","n":"x"}"#).unwrap_err();
        assert_eq!(e.status.as_u16(), 422);
        assert_eq!(e.errors[0].field, "n");
        let e = parse_json::<Body>(br#"{"code":"a"}"#).unwrap_err();
        assert_eq!(e.status.as_u16(), 422);
        assert!(e.errors[0].message.contains("missing field `n`"));
        assert_eq!(e.errors[0].field, "n");
        let e = parse_json::<Body>(br#"{"code":"a","n":1,"status":"x"}"#).unwrap_err();
        assert!(e.errors[0].message.contains("unknown field `status`"));
        assert_eq!(e.errors[0].field, "status");
    }

    #[test]
    fn validation_rules_name_the_field() {
        let b = parse_json::<Body>(br#"{"code":"toolong","n":1}"#).unwrap();
        let errs = validation_errors(&b.validate().unwrap_err());
        assert_eq!(errs[0].field, "code");
        assert_eq!(errs[0].message, "length must be between 1 and 5");
    }

    #[test]
    fn deep_nesting_is_400_not_a_crash() {
        let deep = "[".repeat(100_000);
        let e = parse_json::<serde_json::Value>(deep.as_bytes());
        assert_eq!(e.unwrap_err().status.as_u16(), 400);
    }

    #[derive(Deserialize, Validate, Debug)]
    struct Q {
        #[allow(dead_code)]
        limit: Option<i64>,
    }

    #[test]
    fn bad_query_names_the_parameter() {
        let e = parse_query::<Q>("limit=abc").unwrap_err();
        assert_eq!(e.status.as_u16(), 400);
        assert_eq!(e.errors[0].field, "limit");
    }
}
