//! Part of the configuration: the site's time zone (`timezone =
//! "Asia/Karachi"`, default UTC). It decides what "today" is for `folio
//! new`, at what moment a day written without a time begins (so when a
//! piece dated `2025-11-05` stops being scheduled), and the offset of
//! dates in feeds. Zone data is bundled with folio (jiff's tzdb).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};

/// A time zone by its IANA name.
#[derive(Debug, Clone)]
pub struct SiteZone {
    name: String,
    zone: jiff::tz::TimeZone,
}

impl Default for SiteZone {
    fn default() -> Self {
        SiteZone {
            name: "UTC".into(),
            zone: jiff::tz::TimeZone::UTC,
        }
    }
}

impl PartialEq for SiteZone {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl SiteZone {
    /// The zone named `name`, or why there is none by that name.
    pub fn named(name: &str) -> Result<SiteZone, String> {
        let zone = jiff::tz::TimeZone::get(name).map_err(|e| e.to_string())?;
        Ok(SiteZone {
            name: name.to_string(),
            zone,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The zone's offset from UTC at a moment given in local time (the
    /// earlier one, where a clock change makes that time happen twice).
    pub fn offset_at(&self, local: NaiveDateTime) -> FixedOffset {
        let seconds = jiff::Timestamp::from_second(local.and_utc().timestamp())
            .ok()
            .map(|utc_reading| {
                // Read the local time as if it were UTC, then correct by the
                // offset in force then (exact but for an hour around a change).
                let first = self.zone.to_offset(utc_reading).seconds();
                let at = utc_reading
                    .checked_sub(jiff::SignedDuration::from_secs(i64::from(first)))
                    .unwrap_or(utc_reading);
                self.zone.to_offset(at).seconds()
            })
            .unwrap_or(0);
        FixedOffset::east_opt(seconds).unwrap_or_else(utc)
    }

    /// The moment the day `day` begins here.
    pub fn midnight(&self, day: NaiveDate) -> DateTime<FixedOffset> {
        let local = day.and_time(chrono::NaiveTime::MIN);
        let offset = self.offset_at(local);
        offset
            .from_local_datetime(&local)
            .earliest()
            .unwrap_or_else(|| Utc.from_utc_datetime(&local).fixed_offset())
    }

    /// Today's date here.
    pub fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        let offset = jiff::Timestamp::from_second(now.timestamp())
            .map(|t| self.zone.to_offset(t).seconds())
            .unwrap_or(0);
        let offset = FixedOffset::east_opt(offset).unwrap_or_else(utc);
        now.with_timezone(&offset).date_naive()
    }
}

/// UTC as a fixed offset.
fn utc() -> FixedOffset {
    Utc.from_utc_datetime(&NaiveDateTime::MIN).offset().fix()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn karachi_is_five_hours_ahead_all_year() {
        let z = SiteZone::named("Asia/Karachi").unwrap();
        let day = NaiveDate::from_ymd_opt(2025, 11, 5).unwrap();
        assert_eq!(z.midnight(day).to_rfc3339(), "2025-11-05T00:00:00+05:00");
        // 03:00 UTC on 5 November is 08:00 in Karachi, the same day;
        // 22:00 UTC on 4 November is already the 5th there.
        let late = Utc.with_ymd_and_hms(2025, 11, 4, 22, 0, 0).unwrap();
        assert_eq!(z.today(late), day);
    }

    #[test]
    fn a_zone_with_summer_time_has_two_offsets() {
        let z = SiteZone::named("Europe/London").unwrap();
        let winter = NaiveDate::from_ymd_opt(2025, 1, 15).unwrap();
        let summer = NaiveDate::from_ymd_opt(2025, 7, 15).unwrap();
        assert_eq!(z.midnight(winter).offset().local_minus_utc(), 0);
        assert_eq!(z.midnight(summer).offset().local_minus_utc(), 3600);
    }

    #[test]
    fn unknown_zones_are_refused() {
        assert!(SiteZone::named("Asia/Atlantis").is_err());
        assert_eq!(SiteZone::default().name(), "UTC");
    }
}
