//! Dates of imported items in a form `PubDate::parse` accepts: WordPress's
//! local time with the offset its GMT copy implies, and the looser forms
//! Jekyll and Eleventy front matter allows.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone};

use crate::config::SiteZone;
use crate::content::PubDate;

/// The time zone given to a time that comes without one: the site's.
#[derive(Debug, Clone)]
pub struct FallbackZone {
    /// How the report names it ("Asia/Karachi", "UTC").
    pub label: String,
    zone: SiteZone,
}

impl FallbackZone {
    /// The site's time zone (`timezone` in site.toml), else UTC.
    pub fn for_site(root: &std::path::Path) -> FallbackZone {
        let zone = crate::config::load(root)
            .map(|c| c.zone)
            .unwrap_or_default();
        FallbackZone {
            label: zone.name().to_string(),
            zone,
        }
    }

    /// `local`, a time of day in the site's zone.
    fn at(&self, local: &NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        self.zone
            .offset_at(*local)
            .from_local_datetime(local)
            .single()
    }
}

fn utc() -> FixedOffset {
    chrono::Utc.fix()
}

/// A date written into an imported header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedDate {
    /// `2019-03-04` or RFC 3339; `PubDate::parse` accepts it.
    pub text: String,
    /// True when the time had no zone and the fallback was used.
    pub zone_assumed: bool,
}

fn checked(at: DateTime<FixedOffset>, zone_assumed: bool) -> Option<ImportedDate> {
    let text = at.to_rfc3339();
    PubDate::parse(&text).ok()?;
    Some(ImportedDate { text, zone_assumed })
}

const WP_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// WordPress's `post_date` (the site's local time) with the zone its
/// `post_date_gmt` implies; `0000-00-00 00:00:00` counts as absent.
pub fn wordpress(local: &str, gmt: &str, zone: &FallbackZone) -> Option<ImportedDate> {
    let local = NaiveDateTime::parse_from_str(local.trim(), WP_FORMAT).ok();
    let gmt = NaiveDateTime::parse_from_str(gmt.trim(), WP_FORMAT).ok();
    match (local, gmt) {
        (Some(l), Some(g)) => {
            let secs = (l - g).num_seconds();
            // Offsets are whole minutes; anything else is a broken export.
            let offset = i32::try_from(secs)
                .ok()
                .filter(|s| s % 60 == 0)
                .and_then(FixedOffset::east_opt);
            match offset {
                Some(o) => checked(o.from_local_datetime(&l).single()?, false),
                None => checked(zone.at(&l)?, true),
            }
        }
        (Some(l), None) => checked(zone.at(&l)?, true),
        (None, Some(g)) => checked(utc().from_utc_datetime(&g), false),
        (None, None) => None,
    }
}

/// An item's RSS `pubDate` (`Wed, 20 Oct 2010 14:08:20 +0000`), for an
/// item without `wp:post_date`. WordPress writes the epoch or the year -1
/// for posts never published: those count as absent.
pub fn rss(text: &str) -> Option<ImportedDate> {
    let at = DateTime::parse_from_rfc2822(text.trim()).ok()?;
    if at.timestamp() <= 0 {
        return None;
    }
    checked(at, false)
}

/// A date from Jekyll/Eleventy front matter or a file name: `2019-03-04`,
/// RFC 3339, `2019-03-04 10:20:00 +0100`, or a time without zone.
pub fn loose(text: &str, zone: &FallbackZone) -> Option<ImportedDate> {
    let text = text.trim();
    if let Ok(d) = PubDate::parse(text) {
        return Some(ImportedDate {
            text: d.iso(),
            zone_assumed: false,
        });
    }
    for f in [
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%d %H:%M %z",
        "%Y-%m-%d %H:%M:%S%.f %z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%z",
    ] {
        if let Ok(at) = DateTime::parse_from_str(text, f) {
            return checked(at, false);
        }
    }
    for f in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
    ] {
        if let Ok(at) = NaiveDateTime::parse_from_str(text, f) {
            return checked(zone.at(&at)?, true);
        }
    }
    NaiveDate::parse_from_str(text, "%Y/%m/%d")
        .ok()
        .map(|d| ImportedDate {
            text: d.format("%Y-%m-%d").to_string(),
            zone_assumed: false,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc_zone() -> FallbackZone {
        FallbackZone {
            label: "UTC".into(),
            zone: SiteZone::default(),
        }
    }

    #[test]
    fn a_time_without_a_zone_is_in_the_sites() {
        let karachi = FallbackZone {
            label: "Asia/Karachi".into(),
            zone: SiteZone::named("Asia/Karachi").unwrap(),
        };
        let d = loose("2019-03-04 10:20", &karachi).unwrap();
        assert_eq!(d.text, "2019-03-04T10:20:00+05:00");
        assert!(d.zone_assumed);
    }

    #[test]
    fn wordpress_offset_comes_from_gmt() {
        let d = wordpress("2019-03-04 10:20:00", "2019-03-04 05:20:00", &utc_zone()).unwrap();
        assert_eq!(d.text, "2019-03-04T10:20:00+05:00");
        assert!(!d.zone_assumed);
        let d = wordpress("2019-03-04 10:20:00", "0000-00-00 00:00:00", &utc_zone()).unwrap();
        assert_eq!(d.text, "2019-03-04T10:20:00+00:00");
        assert!(d.zone_assumed);
        assert!(wordpress("0000-00-00 00:00:00", "", &utc_zone()).is_none());
    }

    #[test]
    fn rss_dates_of_unpublished_posts_count_as_absent() {
        assert_eq!(
            rss("Wed, 20 Oct 2010 14:08:20 +0000").unwrap().text,
            "2010-10-20T14:08:20+00:00"
        );
        assert!(rss("Thu, 01 Jan 1970 00:00:00 +0000").is_none());
        assert!(rss("Mon, 30 Nov -0001 00:00:00 +0000").is_none());
        assert!(rss("").is_none());
    }

    #[test]
    fn loose_forms() {
        let z = utc_zone();
        assert_eq!(loose("2019-03-04", &z).unwrap().text, "2019-03-04");
        assert_eq!(
            loose("2019-03-04 10:20:00 +0100", &z).unwrap().text,
            "2019-03-04T10:20:00+01:00"
        );
        let d = loose("2019-03-04 10:20", &z).unwrap();
        assert_eq!(d.text, "2019-03-04T10:20:00+00:00");
        assert!(d.zone_assumed);
        assert!(loose("yesterday", &z).is_none());
    }
}
