//! Part of the content stage: publication dates as editors write them,
//! `2025-11-05` or an RFC 3339 timestamp.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Utc};

use crate::config::SiteZone;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PubDate {
    pub at: DateTime<FixedOffset>,
    /// True when only the day was given (no time of day to show or claim).
    pub date_only: bool,
}

impl PubDate {
    /// A date as written, a day alone beginning at midnight UTC.
    pub fn parse(text: &str) -> Result<Self, String> {
        Self::parse_in(text, &SiteZone::default())
    }

    /// A date as written, a day alone beginning at midnight in `zone` (the
    /// site's time zone: a piece dated `2025-11-05` is published when that
    /// day begins where the site is).
    pub fn parse_in(text: &str, zone: &SiteZone) -> Result<Self, String> {
        let text = text.trim();
        if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Ok(PubDate {
                at: zone.midnight(day),
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
        if parts.len() == 3
            && parts[0].len() == 4
            && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
        {
            return Err(format!(
                "`{text}` is not a real date (check the month and day)"
            ));
        }
        Err(match human(text) {
            Some(Human::Day(d)) => format!(
                "`{text}` is not in the form folio reads (year-month-day, with dashes): write it as {}",
                d.format("%Y-%m-%d")
            ),
            Some(Human::Either(a, b)) => format!(
                "`{text}` could be {} or {}: write it year-month-day, as {} or {}",
                spelled(a),
                spelled(b),
                a.format("%Y-%m-%d"),
                b.format("%Y-%m-%d")
            ),
            Some(Human::NoDay(year, month)) => {
                format!("`{text}` has no day: write the whole date, e.g. {year}-{month:02}-01")
            }
            Some(Human::NoZone(day, time)) => format!(
                "`{text}` has a time but no time zone: write {day}T{time}+05:00 (your offset from UTC), {day}T{time}Z (UTC), or just the day, {day}"
            ),
            None => format!("`{text}` is not a date"),
        })
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

/// A date as people write it, read back for the hint.
#[derive(Debug, PartialEq, Eq)]
enum Human {
    /// `5 Nov 2025`, `November 5, 2025`, `25/11/2025`, `2025/11/05`.
    Day(NaiveDate),
    /// `05/11/2025`: 5 November or 11 May.
    Either(NaiveDate, NaiveDate),
    /// `November 2025`.
    NoDay(i32, u32),
    /// `2025-11-05 09:30` or `2025-11-05T09:30:00`: the day and `HH:MM:SS`.
    NoZone(String, String),
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// `Nov`, `nov.`, `Sept`, `November`: 1 to 12.
fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&w) || (w == "sept" && *m == "september"))
        .map(|i| i as u32 + 1)
}

/// `5`, `05`, `5th`: a day of the month.
fn day(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year(word: &str) -> Option<i32> {
    (word.len() == 4).then(|| word.parse().ok()).flatten()
}

fn human(text: &str) -> Option<Human> {
    // `2025-11-05 09:30` and `2025-11-05T09:30[:00]` without a zone.
    if let Some((d, t)) = text.split_once([' ', 'T'])
        && NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok()
    {
        let time = NaiveTime::parse_from_str(t.trim(), "%H:%M:%S")
            .or_else(|_| NaiveTime::parse_from_str(t.trim(), "%H:%M"))
            .ok()?;
        return Some(Human::NoZone(
            d.to_string(),
            time.format("%H:%M:%S").to_string(),
        ));
    }
    let words: Vec<&str> = text
        .split([' ', ',', '\u{a0}'])
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [d, m, y] | [m, d, y] if day(d).is_some() && month(m).is_some() => {
            NaiveDate::from_ymd_opt(year(y)?, month(m)?, day(d)?).map(Human::Day)
        }
        [m, y] => Some(Human::NoDay(year(y)?, month(m)?)),
        [numeric] => {
            let parts: Vec<&str> = numeric.split(['/', '.', '-']).collect();
            let [a, b, c] = parts.as_slice() else {
                return None;
            };
            let n = |s: &str| s.parse::<u32>().ok();
            if let Some(y) = year(a) {
                return NaiveDate::from_ymd_opt(y, n(b)?, n(c)?).map(Human::Day);
            }
            let y = year(c)?;
            let day_first = NaiveDate::from_ymd_opt(y, n(b)?, n(a)?);
            let month_first = NaiveDate::from_ymd_opt(y, n(a)?, n(b)?);
            match (day_first, month_first) {
                (Some(d), Some(m)) if d != m => Some(Human::Either(d, m)),
                (Some(d), _) | (None, Some(d)) => Some(Human::Day(d)),
                (None, None) => None,
            }
        }
        _ => None,
    }
}

/// "5 November 2025", for the hint about an ambiguous date.
fn spelled(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
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
            PubDate::parse("someday")
                .unwrap_err()
                .contains("not a date")
        );
    }

    #[test]
    fn human_dates_get_their_iso_form() {
        for (text, iso) in [
            ("5 Nov 2025", "2025-11-05"),
            ("5 November 2025", "2025-11-05"),
            ("05 nov. 2025", "2025-11-05"),
            ("5th November 2025", "2025-11-05"),
            ("November 5, 2025", "2025-11-05"),
            ("Nov 5 2025", "2025-11-05"),
            ("Sept 30, 2025", "2025-09-30"),
            ("2025/11/05", "2025-11-05"),
            ("25/11/2025", "2025-11-25"),
            ("11/25/2025", "2025-11-25"),
            ("25.11.2025", "2025-11-25"),
        ] {
            let why = PubDate::parse(text).unwrap_err();
            assert!(why.contains(&format!("write it as {iso}")), "{text}: {why}");
        }
    }

    #[test]
    fn ambiguous_and_partial_dates_say_so() {
        let why = PubDate::parse("05/11/2025").unwrap_err();
        assert!(why.contains("5 November 2025 or 11 May 2025"), "{why}");
        assert!(why.contains("2025-11-05 or 2025-05-11"), "{why}");
        let why = PubDate::parse("November 2025").unwrap_err();
        assert!(why.contains("no day"), "{why}");
        let why = PubDate::parse("2025-11-05 09:30").unwrap_err();
        assert!(why.contains("2025-11-05T09:30:00+05:00"), "{why}");
        assert!(why.contains("just the day, 2025-11-05"), "{why}");
        let why = PubDate::parse("2025-11-05T09:30:00").unwrap_err();
        assert!(why.contains("no time zone"), "{why}");
    }
}
