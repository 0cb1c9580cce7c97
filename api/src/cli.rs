//! `restrack import` and `restrack export`: the client side for ministry systems and scripts.

use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::Value;

/// The process exit code of an import: 0 applied or validated, 1 rejected, 2 anything else.
pub struct ExitStatus(pub u8);

struct Counting<R> {
    inner: R,
    bar: ProgressBar,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bar.inc(n as u64);
        Ok(n)
    }
}

fn client() -> anyhow::Result<reqwest::blocking::Client> {
    Ok(reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(3600))
        .build()?)
}

fn endpoint(server: &str, path: &str) -> String {
    format!("{}/api/v1{path}", server.trim_end_matches('/'))
}

pub struct ImportArgs<'a> {
    pub server: &'a str,
    pub token: &'a str,
    pub kind: &'a str,
    pub file: &'a Path,
    pub dry_run: bool,
    pub submit: bool,
    pub idempotency_key: Option<&'a str>,
}

/// Uploads a file with a progress bar, prints the summary and every row error.
pub fn import(args: ImportArgs<'_>) -> anyhow::Result<ExitStatus> {
    let file = File::open(args.file)
        .map_err(|e| anyhow::anyhow!("cannot open {}: {e}", args.file.display()))?;
    let size = file.metadata()?.len();
    let json = args
        .file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let bar = ProgressBar::new(size);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {bytes}/{total_bytes} ({eta})")?
            .progress_chars("=> "),
    );
    bar.set_message("uploading");
    let body = reqwest::blocking::Body::sized(
        Counting {
            inner: file,
            bar: bar.clone(),
        },
        size,
    );
    let mut url = endpoint(args.server, &format!("/imports/{}", args.kind));
    let mut params = Vec::new();
    if args.dry_run {
        params.push("dry_run=true");
    }
    if args.submit {
        params.push("submit=true");
    }
    if !params.is_empty() {
        url = format!("{url}?{}", params.join("&"));
    }
    let mut request = client()?
        .post(url)
        .bearer_auth(args.token)
        .header(
            "Content-Type",
            if json {
                "application/json"
            } else {
                "text/csv; charset=utf-8"
            },
        )
        .body(body);
    if let Some(key) = args.idempotency_key {
        request = request.header("Idempotency-Key", key);
    }
    let response = request.send();
    bar.finish_and_clear();
    let response = response?;
    let status = response.status();
    let body: Value = response.json().unwrap_or(Value::Null);
    if !(status.is_success() || status.as_u16() == 422) || body.get("counts").is_none() {
        eprintln!(
            "import failed: HTTP {status}: {}",
            body.get("detail")
                .and_then(Value::as_str)
                .unwrap_or("(no details)")
        );
        return Ok(ExitStatus(2));
    }
    let counts = &body["counts"];
    println!(
        "import {} ({}): {} — created {}, updated {}, unchanged {}, rejected {}",
        body["import_id"].as_str().unwrap_or(""),
        args.kind,
        body["status"].as_str().unwrap_or(""),
        counts["created"],
        counts["updated"],
        counts["unchanged"],
        counts["rejected"]
    );
    if let Some(errors) = body["errors"].as_array().filter(|e| !e.is_empty()) {
        println!("{:>6}  {:<26} {:<16} message", "row", "field", "code");
        for e in errors {
            println!(
                "{:>6}  {:<26} {:<16} {}",
                e["row"].as_u64().unwrap_or(0),
                e["field"].as_str().unwrap_or(""),
                e["code"].as_str().unwrap_or(""),
                e["message"].as_str().unwrap_or("")
            );
        }
    }
    Ok(ExitStatus(if body["status"] == "rejected" { 1 } else { 0 }))
}

/// Downloads an export to a file or standard output.
pub fn export(
    server: &str,
    token: &str,
    kind: &str,
    format: &str,
    output: Option<&Path>,
) -> anyhow::Result<ExitStatus> {
    let response = client()?
        .get(endpoint(
            server,
            &format!("/exports/{kind}?format={format}"),
        ))
        .bearer_auth(token)
        .send()?;
    let status = response.status();
    let bytes = response.bytes()?;
    if !status.is_success() {
        eprintln!(
            "export failed: HTTP {status}: {}",
            String::from_utf8_lossy(&bytes)
        );
        return Ok(ExitStatus(2));
    }
    match output {
        Some(path) => {
            std::fs::write(path, &bytes)?;
            eprintln!("wrote {} bytes to {}", bytes.len(), path.display());
        }
        None => std::io::stdout().write_all(&bytes)?,
    }
    Ok(ExitStatus(0))
}
