//! How fast the crawl may ask. NukeViet's flood guard bans an address that sends more than 40
//! requests in a minute or 150 in five minutes, for the rest of the window, with HTTP 429. The
//! default gap keeps under both; a 429 or 503 pauses the crawl for the server's `Retry-After` and
//! slows it down, so that one ban is never followed by a second.

use std::time::{Duration, Instant};

/// 2.1 s between requests: at most 29 a minute and 143 in five minutes.
pub const POLITE_GAP: Duration = Duration::from_millis(2100);

/// Longest pause the crawl accepts from a `Retry-After`; beyond it the request fails and is reported.
pub const MAX_PAUSE: Duration = Duration::from_secs(15 * 60);

#[derive(Debug)]
pub struct Pacer {
    gap: Duration,
    /// The gap the crawl falls back to after a ban, even in fast mode.
    polite: Duration,
    next: Option<Instant>,
    pub bans: u32,
}

impl Pacer {
    pub fn new(gap: Duration, polite: Duration) -> Pacer {
        Pacer {
            gap,
            polite,
            next: None,
            bans: 0,
        }
    }

    pub fn gap(&self) -> Duration {
        self.gap
    }

    /// Reserves the next slot and says how long to wait for it.
    pub fn reserve(&mut self, now: Instant) -> Duration {
        let slot = self.next.map_or(now, |n| n.max(now));
        self.next = Some(slot + self.gap);
        slot - now
    }

    /// The server said "too many requests": wait what it asked (or a minute), then go slower.
    pub fn throttled(&mut self, now: Instant, retry_after: Option<Duration>) {
        self.bans += 1;
        let pause = retry_after
            .unwrap_or(Duration::from_secs(60))
            .min(MAX_PAUSE);
        self.next = Some(now + pause);
        self.gap = (self.gap * 2).max(self.polite);
    }
}

/// `Retry-After` as seconds or as an HTTP date.
pub fn retry_after(value: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let d = when.with_timezone(&chrono::Utc) - now;
    Some(d.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_spaced_by_the_gap() {
        let t0 = Instant::now();
        let mut p = Pacer::new(Duration::from_secs(2), POLITE_GAP);
        assert_eq!(p.reserve(t0), Duration::ZERO);
        assert_eq!(p.reserve(t0), Duration::from_secs(2));
        assert_eq!(p.reserve(t0 + Duration::from_secs(10)), Duration::ZERO);
    }

    #[test]
    fn a_ban_pauses_then_slows_down_even_in_fast_mode() {
        let t0 = Instant::now();
        let mut p = Pacer::new(Duration::ZERO, POLITE_GAP);
        p.reserve(t0);
        p.throttled(t0, Some(Duration::from_secs(30)));
        assert_eq!(p.reserve(t0), Duration::from_secs(30));
        assert_eq!(p.gap(), POLITE_GAP);
        p.throttled(t0, None);
        assert_eq!(p.gap(), POLITE_GAP * 2);
        assert_eq!(p.bans, 2);
    }

    #[test]
    fn retry_after_in_both_forms() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-25T10:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        assert_eq!(retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(
            retry_after("Wed, 25 Nov 2026 10:01:30 GMT", now),
            Some(Duration::from_secs(90))
        );
        assert_eq!(retry_after("soon", now), None);
    }
}
