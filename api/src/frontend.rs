//! The web app's files (`RESTRACK_FRONTEND_DIR`), served for a commune's slow link: a file the build
//! precompressed (`x.js.br`, `x.js.gz` next to `x.js`) goes out compressed when the browser accepts
//! it, the hashed files under `/assets/` are cached for a year (their name changes with their
//! content), and everything else — `index.html` above all — is revalidated on every visit, so a
//! new release is picked up at once. A path that names no file is a route of the app: it gets
//! `index.html`.

use std::path::{Component, Path, PathBuf};

use actix_files::NamedFile;
use actix_web::http::header::{self, ContentEncoding, HeaderValue};
use actix_web::http::Method;
use actix_web::{HttpRequest, HttpResponse};

/// `Cache-Control` of the content-hashed build output.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of everything else: kept, but asked again each time.
const REVALIDATE: &str = "no-cache";

/// The file a request path names inside `root`, if it is a plain relative path to an existing
/// file (no `..`, no absolute part, no hidden file).
fn file_of(root: &Path, path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(path.trim_start_matches('/'))?;
    let relative = Path::new(&decoded);
    let mut out = root.to_path_buf();
    for part in relative.components() {
        match part {
            Component::Normal(p) if !p.to_string_lossy().starts_with('.') => out.push(p),
            _ => return None,
        }
    }
    (out != root && out.is_file()).then_some(out)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The encodings the request accepts, best first, among those the build makes.
fn accepted(req: &HttpRequest) -> Vec<(ContentEncoding, &'static str)> {
    let header = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let allows = |name: &str| {
        header.split(',').any(|item| {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    == Some(0.0)
            });
            coding.eq_ignore_ascii_case(name) && !refused
        })
    };
    [
        (ContentEncoding::Brotli, "br"),
        (ContentEncoding::Gzip, "gzip"),
    ]
    .into_iter()
    .filter(|(_, name)| allows(name))
    .collect()
}

/// Serves `root`'s file for this request, compressed when it can be, or the app's `index.html`.
pub async fn serve(root: &Path, req: &HttpRequest) -> std::io::Result<HttpResponse> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Ok(HttpResponse::MethodNotAllowed()
            .insert_header((header::ALLOW, "GET, HEAD"))
            .finish());
    }
    let (file, cache) = match file_of(root, req.path()) {
        Some(file) => {
            let hashed = req.path().starts_with("/assets/");
            (file, if hashed { IMMUTABLE } else { REVALIDATE })
        }
        None => (root.join("index.html"), REVALIDATE),
    };
    let mime = actix_files::file_extension_to_mime(
        file.extension().and_then(|e| e.to_str()).unwrap_or(""),
    );
    let mut named = None;
    for (encoding, suffix) in accepted(req) {
        let suffix = if suffix == "gzip" { "gz" } else { suffix };
        let mut compressed = file.clone().into_os_string();
        compressed.push(format!(".{suffix}"));
        let compressed = PathBuf::from(compressed);
        if compressed.is_file() {
            named = Some(
                NamedFile::open_async(&compressed)
                    .await?
                    .set_content_encoding(encoding),
            );
            break;
        }
    }
    let named = match named {
        Some(n) => n,
        None => NamedFile::open_async(&file).await?,
    };
    let mut res = named
        .set_content_type(mime)
        .disable_content_disposition()
        .into_response(req);
    let headers = res.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn only_plain_paths_inside_the_root_name_a_file() {
        let root = std::env::temp_dir().join(format!("restrack-frontend-{}", std::process::id()));
        std::fs::create_dir_all(root.join("assets")).unwrap();
        std::fs::write(root.join("assets/app-1.js"), "x").unwrap();
        std::fs::write(root.join(".env"), "secret").unwrap();
        assert_eq!(
            file_of(&root, "/assets/app-1.js"),
            Some(root.join("assets/app-1.js"))
        );
        assert_eq!(
            file_of(&root, "/assets/app%2D1.js"),
            Some(root.join("assets/app-1.js"))
        );
        for bad in [
            "/../etc/passwd",
            "/assets/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/.env",
            "/",
            "/assets",
            "/tasks/123",
            "/%zz",
        ] {
            assert_eq!(file_of(&root, bad), None, "{bad}");
        }
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn brotli_before_gzip_and_never_a_refused_one() {
        let with = |v: &str| {
            accepted(
                &TestRequest::default()
                    .insert_header((header::ACCEPT_ENCODING, v))
                    .to_http_request(),
            )
            .into_iter()
            .map(|(_, name)| name)
            .collect::<Vec<_>>()
        };
        assert_eq!(with("gzip, deflate, br, zstd"), ["br", "gzip"]);
        assert_eq!(with("gzip"), ["gzip"]);
        assert_eq!(with("br;q=0, gzip;q=0.5"), ["gzip"]);
        assert_eq!(with("identity"), Vec::<&str>::new());
        assert!(accepted(&TestRequest::default().to_http_request()).is_empty());
    }
}
