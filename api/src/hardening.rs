//! Request-level protections that hold for every route: a cap on the size of the request's headers,
//! `Cache-Control: no-store` on every API answer, and request logs that never carry a query string
//! (a token or a personal search sent in `?…` stays out of the logs).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, StatusCode};
use actix_web::{Error, HttpMessage};
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RootSpanBuilder};

use crate::error::{ApiError, ErrorCode};

/// The request line's target and all header names and values together may not pass this (a bearer
/// token, an API key and the usual browser headers fit many times over).
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// Refuses oversized headers with 431 (inside the problem middleware, which turns the error into a
/// problem document).
pub async fn header_limit(
    req: ServiceRequest,
    next: actix_web::middleware::Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let size = req.uri().path_and_query().map_or(0, |p| p.as_str().len())
        + req
            .headers()
            .iter()
            .map(|(name, value)| name.as_str().len() + value.len() + 4)
            .sum::<usize>();
    if size > MAX_HEADER_BYTES {
        return Err(ApiError::new(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            ErrorCode::HeadersTooLarge,
            format!("the request's headers are larger than {MAX_HEADER_BYTES} bytes"),
        )
        .into());
    }
    next.call(req).await
}

/// Marks every API answer, problem documents included, as not to be stored by any cache (outside
/// the problem middleware, so that it sees the final answer).
pub async fn no_store(
    req: ServiceRequest,
    next: actix_web::middleware::Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let api = is_api_path(req.path());
    let mut res = next.call(req).await?;
    if api && !res.headers().contains_key(header::CACHE_CONTROL) {
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("no-store"),
        );
    }
    Ok(res)
}

/// API answers (data, tokens, problems) as opposed to the web app's files and the API docs page.
fn is_api_path(path: &str) -> bool {
    path.starts_with("/api/") || path == "/healthz" || path == "/readyz" || path == "/metrics"
}

/// The request span of `tracing-actix-web` without the query string, the client address or the
/// user agent: method, route pattern, path, status and request id.
pub struct QuietRootSpan;

impl RootSpanBuilder for QuietRootSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let route = request
            .match_pattern()
            .unwrap_or_else(|| "default".to_string());
        let request_id = request
            .extensions()
            .get::<tracing_actix_web::RequestId>()
            .map(|id| id.to_string())
            .unwrap_or_default();
        tracing::info_span!(
            "HTTP request",
            http.method = %request.method(),
            http.route = %route,
            http.target = %request.path(),
            http.status_code = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
            request_id = %request_id,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_paths() {
        assert!(is_api_path("/api/v1/tasks"));
        assert!(is_api_path("/metrics"));
        assert!(!is_api_path("/assets/index-abc.js"));
        assert!(!is_api_path("/docs/swagger-ui.css"));
    }
}
