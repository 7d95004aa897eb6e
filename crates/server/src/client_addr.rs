//! The address of the device a request comes from, for limits kept per client (pairing codes). It is
//! the connection's own address, unless that connection comes from a proxy named in the trusted
//! proxies setting: then it is the nearest address, walking back along `Forwarded` (or, without it,
//! `X-Forwarded-For`), that is not itself a trusted proxy. Anyone can write those headers, so they are
//! read only from trusted proxies. By default no proxy is trusted.

use axum::extract::{ConnectInfo, FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// Proxies whose forwarding headers are believed: addresses or CIDR ranges.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Arc<[IpNet]>);

/// Why a trusted proxy setting could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not an IP address or a CIDR range like 10.0.0.0/8.")]
pub struct ProxyError(String);

impl TrustedProxies {
    pub fn new(proxies: Vec<IpNet>) -> Self {
        TrustedProxies(proxies.into())
    }

    /// One proxy as written in the settings: `10.0.0.7`, `10.0.0.0/8` or `fd00::/8`.
    pub fn parse_one(text: &str) -> Result<IpNet, ProxyError> {
        let text = text.trim();
        text.parse::<IpNet>()
            .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
            .map_err(|_| ProxyError(text.chars().take(60).collect()))
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client behind `peer`, given the request's headers.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer.to_canonical();
        }
        let mut nearest = peer.to_canonical();
        for hop in forwarded_for(headers).iter().rev() {
            match hop {
                Some(ip) if self.trusts(*ip) => nearest = ip.to_canonical(),
                Some(ip) => return ip.to_canonical(),
                // A hop hidden or garbled by a proxy: nothing further back can be believed.
                None => return nearest,
            }
        }
        nearest
    }
}

/// The `for=` addresses of `Forwarded`, or else the entries of `X-Forwarded-For`, nearest last;
/// `None` for an entry that is not an address (`unknown`, `_hidden`, garbage).
fn forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let values = |name: &str| -> Vec<String> {
        headers.get_all(name).iter().filter_map(|v| v.to_str().ok()).map(str::to_string).collect()
    };
    let forwarded = values("forwarded");
    if !forwarded.is_empty() {
        return forwarded
            .iter()
            .flat_map(|v| v.split(','))
            .map(|element| {
                element
                    .split(';')
                    .filter_map(|pair| pair.trim().split_once('='))
                    .find(|(key, _)| key.eq_ignore_ascii_case("for"))
                    .and_then(|(_, value)| node_address(value))
            })
            .collect();
    }
    values("x-forwarded-for").iter().flat_map(|v| v.split(',')).map(node_address).collect()
}

/// `192.0.2.60`, `"192.0.2.60:4711"`, `"[2001:db8::17]:4711"` or `2001:db8::17`.
fn node_address(text: &str) -> Option<IpAddr> {
    let text = text.trim().trim_matches('"');
    if let Ok(ip) = text.parse() {
        return Some(ip);
    }
    if let Some(rest) = text.strip_prefix('[') {
        return rest.split_once(']')?.0.parse().ok();
    }
    text.rsplit_once(':').and_then(|(host, _port)| host.parse().ok())
}

/// The client's address (see the module's notes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl<S> FromRequestParts<S> for ClientAddr
where
    TrustedProxies: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([0, 0, 0, 0]), |ConnectInfo(addr)| addr.ip());
        Ok(ClientAddr(TrustedProxies::from_ref(state).client(peer, &parts.headers)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(*k, HeaderValue::from_static(v));
        }
        map
    }

    fn proxies(list: &[&str]) -> TrustedProxies {
        TrustedProxies::new(list.iter().map(|p| TrustedProxies::parse_one(p).unwrap()).collect())
    }

    #[test]
    fn headers_from_an_untrusted_connection_are_ignored() {
        let none = TrustedProxies::default();
        let h = headers(&[("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(none.client(ip("198.51.100.4"), &h), ip("198.51.100.4"));
        let some = proxies(&["10.0.0.0/8"]);
        assert_eq!(some.client(ip("198.51.100.4"), &h), ip("198.51.100.4"), "not from the trusted range");
    }

    #[test]
    fn behind_trusted_proxies_the_nearest_untrusted_hop_is_the_client() {
        let p = proxies(&["10.0.0.0/8", "192.168.1.1"]);
        let spoofed_then_real = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.9, 10.1.2.3")]);
        assert_eq!(p.client(ip("192.168.1.1"), &spoofed_then_real), ip("203.0.113.9"));
        let forwarded = headers(&[("forwarded", "for=1.2.3.4, for=\"[2001:db8::17]:4711\";proto=https")]);
        assert_eq!(p.client(ip("10.0.0.2"), &forwarded), ip("2001:db8::17"));
        let hidden = headers(&[("forwarded", "for=203.0.113.9, for=_hidden")]);
        assert_eq!(p.client(ip("10.0.0.2"), &hidden), ip("10.0.0.2"), "a hidden hop: stop at the proxy");
        assert_eq!(p.client(ip("::ffff:10.0.0.2"), &spoofed_then_real), ip("203.0.113.9"), "IPv4-mapped peers");
    }

    #[test]
    fn settings_take_addresses_and_ranges() {
        assert!(TrustedProxies::parse_one("10.0.0.7").is_ok());
        assert!(TrustedProxies::parse_one("fd00::/8").is_ok());
        assert!(TrustedProxies::parse_one("proxy.local").is_err());
    }
}
