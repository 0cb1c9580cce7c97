//! Where a webhook may point. A webhook makes the server send requests to an address a client
//! chose, so the address is checked when the webhook is created and again at every delivery
//! (a name may resolve elsewhere later): `https` to public addresses only, unless the address is
//! in `RESTRACK_WEBHOOK_ALLOWED_NETWORKS` (a ministry's closed network), where `http` is allowed
//! too. Loopback, private, link-local, shared, multicast and reserved addresses are refused, so a
//! webhook cannot reach the server's own services or a cloud metadata endpoint. The delivery
//! connects to the very address checked ([`Target::addrs`]) and follows no redirect.

use std::net::{IpAddr, SocketAddr};

use ipnet::IpNet;
use reqwest::Url;

use crate::error::FieldCode;

/// Why a URL was refused: the field code clients translate (`format`: not a plain absolute
/// https/http URL; `forbidden`: a private or reserved address; `invalid`: plain http to the
/// Internet; `not_found`: the host does not resolve) and the reason in English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: FieldCode,
    pub message: String,
}

impl Refusal {
    fn new(code: FieldCode, message: impl Into<String>) -> Self {
        Refusal {
            code,
            message: message.into(),
        }
    }
}

/// The longest URL a webhook may have.
pub const MAX_URL: usize = 2000;

/// A checked destination: the URL and the addresses its host resolved to.
#[derive(Debug, Clone)]
pub struct Target {
    pub url: Url,
    pub host: String,
    pub addrs: Vec<SocketAddr>,
}

/// Addresses that are never public (RFC 6890 and its successors).
fn special() -> &'static [IpNet] {
    static NETS: std::sync::OnceLock<Vec<IpNet>> = std::sync::OnceLock::new();
    NETS.get_or_init(|| {
        [
            "0.0.0.0/8",
            "10.0.0.0/8",
            "100.64.0.0/10",
            "127.0.0.0/8",
            "169.254.0.0/16",
            "172.16.0.0/12",
            "192.0.0.0/24",
            "192.0.2.0/24",
            "192.88.99.0/24",
            "192.168.0.0/16",
            "198.18.0.0/15",
            "198.51.100.0/24",
            "203.0.113.0/24",
            "224.0.0.0/4",
            "240.0.0.0/4",
            "::/128",
            "::1/128",
            "::ffff:0:0/96",
            "64:ff9b::/96",
            "100::/64",
            "2001:db8::/32",
            "fc00::/7",
            "fe80::/10",
            "ff00::/8",
        ]
        .iter()
        .map(|n| n.parse().expect("a network"))
        .collect()
    })
}

/// Why an address may not be used, or `None`.
pub fn refusal(addr: IpAddr, allowed: &[IpNet], https: bool) -> Option<Refusal> {
    if allowed.iter().any(|n| n.contains(&addr)) {
        return None;
    }
    if special().iter().any(|n| n.contains(&addr)) {
        return Some(Refusal::new(FieldCode::Forbidden, "points to a private, loopback or reserved address; the server's RESTRACK_WEBHOOK_ALLOWED_NETWORKS must name its network"));
    }
    if !https {
        return Some(Refusal::new(
            FieldCode::Invalid,
            "must be https (plain http only to the networks the server allows)",
        ));
    }
    None
}

/// Parses `url` and checks its form (before any name is resolved).
pub fn parse(url: &str) -> Result<Url, &'static str> {
    if url.len() > MAX_URL {
        return Err("is too long");
    }
    let parsed = Url::parse(url).map_err(|_| "is not an absolute URL")?;
    if !matches!(parsed.scheme(), "https" | "http") {
        return Err("must be an https URL");
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("must not carry a user name or password (the signature authenticates)");
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err("has no host");
    }
    if parsed.fragment().is_some() {
        return Err("must not have a fragment");
    }
    Ok(parsed)
}

/// Resolves and checks a webhook's URL.
pub async fn resolve(url: &str, allowed: &[IpNet]) -> Result<Target, Refusal> {
    let url = parse(url).map_err(|why| Refusal::new(FieldCode::Format, why))?;
    let host = url
        .host_str()
        .unwrap_or_default()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_string();
    let port = url.port_or_known_default().unwrap_or(443);
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), port))
        .await
        .map_err(|e| {
            Refusal::new(
                FieldCode::NotFound,
                format!("the host does not resolve: {e}"),
            )
        })?
        .collect();
    if addrs.is_empty() {
        return Err(Refusal::new(
            FieldCode::NotFound,
            "the host does not resolve",
        ));
    }
    let https = url.scheme() == "https";
    if let Some(why) = addrs.iter().find_map(|a| refusal(a.ip(), allowed, https)) {
        return Err(why);
    }
    Ok(Target { url, host, addrs })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn private_and_special_addresses_are_refused_unless_allowed() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.20.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(refusal(ip(private), &[], true).is_some(), "{private}");
        }
        assert_eq!(refusal(ip("203.113.131.1"), &[], true), None);
        let closed: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        assert_eq!(refusal(ip("10.1.2.3"), &closed, false), None);
        // Plain http to the public Internet is refused; to an allowed network it is not.
        assert_eq!(
            refusal(ip("203.113.131.1"), &[], false).map(|r| r.code),
            Some(FieldCode::Invalid)
        );
        assert_eq!(
            refusal(ip("169.254.169.254"), &[], true).map(|r| r.code),
            Some(FieldCode::Forbidden)
        );
    }

    #[test]
    fn only_plain_absolute_urls_are_taken() {
        assert!(parse("https://he-thong.gov.vn/hooks/restrack").is_ok());
        for bad in [
            "ftp://x.gov.vn/",
            "https://user:pw@x.gov.vn/",
            "/relative",
            "https://x.gov.vn/#f",
            "javascript:alert(1)",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
