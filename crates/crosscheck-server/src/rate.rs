//! Requests per client address, bounded: a token bucket per IP address.
//!
//! On loopback the only client is the person at the machine, so the server does not limit
//! there unless told to; on any other address every client gets [`DEFAULT_RATE`] requests a
//! second with bursts of [`BURST_SECONDS`] seconds' worth, and a client past that gets
//! `429 Too Many Requests` with `Retry-After`.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Requests a second a client gets on a non-loopback address unless told otherwise.
pub const DEFAULT_RATE: u32 = 50;
/// A client may burst this many seconds' worth of requests.
const BURST_SECONDS: f64 = 4.0;
/// Clients remembered before idle ones are forgotten.
const CLIENTS_KEPT: usize = 10_000;

/// Token buckets by client address.
#[derive(Debug)]
pub(crate) struct RateLimit {
    per_second: f64,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl RateLimit {
    /// A limit of `per_second` requests per client; `None` when it is 0 (no limit).
    pub fn new(per_second: u32) -> Option<Arc<RateLimit>> {
        (per_second > 0).then(|| {
            Arc::new(RateLimit {
                per_second: f64::from(per_second),
                buckets: Mutex::new(HashMap::new()),
            })
        })
    }

    /// Whether `client` may make a request now (taking one token if so).
    pub fn admit(&self, client: IpAddr, now: Instant) -> bool {
        let capacity = self.per_second * BURST_SECONDS;
        let Ok(mut buckets) = self.buckets.lock() else {
            return true;
        };
        if buckets.len() >= CLIENTS_KEPT && !buckets.contains_key(&client) {
            // Forget clients whose buckets have refilled: they are idle.
            let per_second = self.per_second;
            buckets.retain(|_, (tokens, at)| {
                *tokens + now.duration_since(*at).as_secs_f64() * per_second < capacity
            });
        }
        let (tokens, at) = buckets.entry(client).or_insert((capacity, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * self.per_second).min(capacity);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// The middleware: answer 429 to a client past its rate.
pub(crate) async fn limit(
    State(limit): State<Arc<RateLimit>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    if limit.admit(peer.ip(), Instant::now()) {
        return next.run(request).await;
    }
    let mut response = (
        StatusCode::TOO_MANY_REQUESTS,
        "Too many requests from this address; try again in a second.",
    )
        .into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_client_gets_its_burst_then_its_rate() {
        let limit = RateLimit::new(10).expect("a limit");
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        let start = Instant::now();
        let admitted = (0..100).filter(|_| limit.admit(a, start)).count();
        assert_eq!(admitted, 40, "four seconds' worth at once");
        assert!(limit.admit(b, start), "another client has its own bucket");
        assert!(!limit.admit(a, start));
        let later = start + Duration::from_millis(500);
        let admitted = (0..100).filter(|_| limit.admit(a, later)).count();
        assert_eq!(admitted, 5, "half a second refills five");
    }

    #[test]
    fn zero_means_no_limit() {
        assert!(RateLimit::new(0).is_none());
    }
}
