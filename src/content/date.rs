//! Part of the content stage: publication dates as editors write them,
//! `2025-11-05` or an RFC 3339 timestamp.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PubDate {
    pub at: DateTime<FixedOffset>,
    /// True when only the day was given (no time of day to show or claim).
    pub date_only: bool,
}

impl PubDate {
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            let at = Utc
                .from_utc_datetime(&day.and_time(NaiveTime::MIN))
                .fixed_offset();
            return Ok(PubDate {
                at,
                date_only: true,
            });
        }
        if let Ok(at) = DateTime::parse_from_rfc3339(text) {
            return Ok(PubDate {
                at,
                date_only: false,
            });
        }
        // Say which part is wrong when the shape is right.
        let parts: Vec<&str> = text.split('-').collect();
        if parts.len() == 3 && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())) {
            return Err(format!(
                "`{text}` is not a real date (check the month and day)"
            ));
        }
        Err(format!("`{text}` is not a date"))
    }

    /// `2025-11-05`, or the full timestamp when a time was given.
    pub fn iso(&self) -> String {
        if self.date_only {
            self.at.format("%Y-%m-%d").to_string()
        } else {
            self.at.to_rfc3339()
        }
    }

    /// Always a full RFC 3339 timestamp (feeds, sitemaps).
    pub fn rfc3339(&self) -> String {
        self.at.to_rfc3339()
    }

    pub fn day(&self) -> NaiveDate {
        self.at.date_naive()
    }

    /// "5 November 2025", with month names from the theme's language file.
    pub fn display(&self, months: &[String]) -> String {
        use chrono::Datelike;
        let d = self.day();
        let month = months
            .get(d.month0() as usize)
            .cloned()
            .unwrap_or_else(|| d.format("%B").to_string());
        format!("{} {} {}", d.day(), month, d.year())
    }

    pub fn is_after(&self, now: DateTime<Utc>) -> bool {
        self.at > now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_forms() {
        let d = PubDate::parse("2025-11-05").unwrap();
        assert_eq!(d.iso(), "2025-11-05");
        assert_eq!(d.display(&[]), "5 November 2025");
        let t = PubDate::parse("2025-11-05T09:30:00+05:00").unwrap();
        assert_eq!(t.iso(), "2025-11-05T09:30:00+05:00");
    }

    #[test]
    fn explains_impossible_dates() {
        assert!(
            PubDate::parse("2025-13-45")
                .unwrap_err()
                .contains("not a real date")
        );
        assert!(
            PubDate::parse("5 Nov 2025")
                .unwrap_err()
                .contains("not a date")
        );
    }
}
