//! Who is on the other end: the client address that login throttling counts and sessions record.
//!
//! Behind a load balancer the TCP peer is the balancer, the same for everyone. When the peer is one
//! of `RESTRACK_TRUSTED_PROXIES`, the client is the right-most `X-Forwarded-For` entry that is not a
//! trusted proxy (every entry to the left of it was written by the client and proves nothing). From
//! any other peer the header is ignored: anyone can send it.

use std::net::IpAddr;

use actix_web::http::header::HeaderMap;
use actix_web::HttpRequest;
use ipnet::IpNet;

const X_FORWARDED_FOR: &str = "x-forwarded-for";

fn trusted(ip: IpAddr, proxies: &[IpNet]) -> bool {
    proxies.iter().any(|net| net.contains(&ip))
}

/// One `X-Forwarded-For` entry: an address, or an address with a port (`[2001:db8::1]:443`).
fn parse_entry(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
        .map(|ip| ip.to_canonical())
}

/// The client address for a connection from `peer` with these headers.
pub fn resolve(peer: Option<IpAddr>, headers: &HeaderMap, proxies: &[IpNet]) -> Option<IpAddr> {
    let peer = peer?.to_canonical();
    if !trusted(peer, proxies) {
        return Some(peer);
    }
    // Several headers count as one list, in order.
    let entries: Vec<&str> = headers
        .get_all(X_FORWARDED_FOR)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    let mut nearest = peer;
    for entry in entries.iter().rev() {
        match parse_entry(entry) {
            Some(ip) if trusted(ip, proxies) => nearest = ip,
            Some(ip) => return Some(ip),
            // A trusted proxy does not write garbage: from here on the client wrote the list, so
            // the nearest proxy is all that is known.
            None => return Some(nearest),
        }
    }
    Some(nearest)
}

/// The client address of a request, as text (`unknown` when actix does not know the peer).
pub fn client_address(req: &HttpRequest, proxies: &[IpNet]) -> String {
    resolve(req.peer_addr().map(|a| a.ip()), req.headers(), proxies)
        .map(|ip| ip.to_string())
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::{HeaderName, HeaderValue};

    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for v in values {
            map.append(
                HeaderName::from_static(X_FORWARDED_FOR),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        map
    }

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn untrusted_peers_header_is_ignored() {
        let proxies = crate::config::parse_networks("10.0.0.0/8").unwrap();
        let h = headers(&["203.0.113.9"]);
        assert_eq!(
            resolve(ip("198.51.100.1"), &h, &proxies),
            ip("198.51.100.1")
        );
        assert_eq!(resolve(ip("198.51.100.1"), &h, &[]), ip("198.51.100.1"));
    }

    #[test]
    fn right_most_untrusted_entry_behind_trusted_proxies() {
        let proxies = crate::config::parse_networks("10.0.0.0/8, 192.0.2.7").unwrap();
        // The client forged the first entry; the balancer appended the real one.
        let h = headers(&["1.1.1.1, 203.0.113.9", "192.0.2.7"]);
        assert_eq!(resolve(ip("10.0.0.2"), &h, &proxies), ip("203.0.113.9"));
        // Only proxies in the list: the farthest one is the client.
        let h = headers(&["192.0.2.7"]);
        assert_eq!(resolve(ip("10.0.0.2"), &h, &proxies), ip("192.0.2.7"));
        // No header: the proxy itself.
        assert_eq!(
            resolve(ip("10.0.0.2"), &HeaderMap::new(), &proxies),
            ip("10.0.0.2")
        );
        // Ports and IPv4-mapped IPv6 addresses are understood.
        let h = headers(&["[2001:db8::1]:443"]);
        assert_eq!(
            resolve(ip("::ffff:10.0.0.2"), &h, &proxies),
            ip("2001:db8::1")
        );
        // Garbage left of the trusted hops: the nearest proxy.
        let h = headers(&["not-an-address, 10.9.9.9"]);
        assert_eq!(resolve(ip("10.0.0.2"), &h, &proxies), ip("10.9.9.9"));
    }
}
