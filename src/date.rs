//! Partial dates: `2026`, `2026-Q2`, `2026-04`, `2026-04-09`.
//!
//! Sources often give only a year or a month, and spectrack must never invent precision.
//! A [`PartialDate`] therefore stands for the whole interval it covers; comparisons use the
//! interval's start, then its end.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;

/// How much of a date a source gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Precision {
    Year,
    Quarter,
    Month,
    Day,
}

/// A date of year, quarter, month or day precision, standing for the interval it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    start: Date,
    end: Date,
    precision: Precision,
}

/// Why a date could not be read. The message says what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error(
        "`{0}` is not a date; write `YYYY`, `YYYY-Qn`, `YYYY-MM` or `YYYY-MM-DD` (e.g. `2026-Q2`)"
    )]
    Syntax(String),
    #[error("`{0}` is not a real date: {1}")]
    Impossible(String, String),
    #[error("`{0}` has a time of day; spectrack tracks whole days, write just the date")]
    TimeOfDay(String),
    #[error("`{0}` is out of range: years go from 1 to 9999")]
    Range(String),
}

impl PartialDate {
    /// A single day.
    pub fn day(date: Date) -> Self {
        Self {
            start: date,
            end: date,
            precision: Precision::Day,
        }
    }

    /// A whole year.
    pub fn year(year: i16) -> Result<Self, DateError> {
        let start = civil(year, 1, 1, || year.to_string())?;
        let end = civil(year, 12, 31, || year.to_string())?;
        Ok(Self {
            start,
            end,
            precision: Precision::Year,
        })
    }

    /// A quarter, 1 to 4.
    pub fn quarter(year: i16, quarter: i8) -> Result<Self, DateError> {
        let text = || format!("{year:04}-Q{quarter}");
        if !(1..=4).contains(&quarter) {
            return Err(DateError::Impossible(
                text(),
                "a quarter is Q1 to Q4".to_owned(),
            ));
        }
        let first_month = (quarter - 1) * 3 + 1;
        let start = civil(year, first_month, 1, text)?;
        let end = civil(year, first_month + 2, 1, text)?.last_of_month();
        Ok(Self {
            start,
            end,
            precision: Precision::Quarter,
        })
    }

    /// A whole month.
    pub fn month(year: i16, month: i8) -> Result<Self, DateError> {
        let start = civil(year, month, 1, || format!("{year:04}-{month:02}"))?;
        Ok(Self {
            start,
            end: start.last_of_month(),
            precision: Precision::Month,
        })
    }

    /// The first day of the interval.
    pub fn start(&self) -> Date {
        self.start
    }

    /// The last day of the interval (inclusive).
    pub fn end(&self) -> Date {
        self.end
    }

    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// Whether the interval contains `day`.
    pub fn contains(&self, day: Date) -> bool {
        self.start <= day && day <= self.end
    }

    /// Reads a TOML datetime (a bare `2026-04-09` in the file). Only a whole date is allowed.
    pub fn from_toml(value: &toml::value::Datetime) -> Result<Self, DateError> {
        let text = || value.to_string();
        match (value.date, value.time, value.offset) {
            (Some(d), None, None) => {
                let year = i16::try_from(d.year).map_err(|_| DateError::Range(text()))?;
                let month = i8::try_from(d.month).map_err(|_| DateError::Syntax(text()))?;
                let day = i8::try_from(d.day).map_err(|_| DateError::Syntax(text()))?;
                Ok(Self::day(civil(year, month, day, text)?))
            }
            (_, Some(_), _) | (_, _, Some(_)) => Err(DateError::TimeOfDay(text())),
            (None, None, None) => Err(DateError::Syntax(text())),
        }
    }
}

/// A civil date, or a message saying why that day does not exist. `text` is the date as
/// written, made only for the message: dates are read by the hundred thousand.
fn civil(year: i16, month: i8, day: i8, text: impl Fn() -> String) -> Result<Date, DateError> {
    if !(1..=9999).contains(&year) {
        return Err(DateError::Range(text()));
    }
    if !(1..=12).contains(&month) {
        return Err(DateError::Impossible(
            text(),
            format!("there is no month {month}"),
        ));
    }
    Date::new(year, month, day).map_err(|_| {
        let days = Date::new(year, month, 1)
            .map(|d| d.days_in_month())
            .unwrap_or(31);
        DateError::Impossible(text(), format!("{year:04}-{month:02} has {days} days"))
    })
}

/// Parses exactly `n` ASCII digits.
fn digits(text: &str, n: usize) -> Option<u16> {
    // At most four digits: no overflow.
    (text.len() == n && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.bytes().fold(0, |n, b| n * 10 + u16::from(b - b'0')))
}

impl FromStr for PartialDate {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let syntax = || DateError::Syntax(text.to_owned());
        // A time of day ("2026-04-09T10:00", "2026-04-09 10:00") gets its own message.
        if text.len() > 10
            && text.is_char_boundary(10)
            && matches!(text.as_bytes()[10], b'T' | b't' | b' ')
            && text[..10].parse::<PartialDate>().is_ok()
        {
            return Err(DateError::TimeOfDay(text.to_owned()));
        }
        // A byte test, not `split('-')`: its searcher costs more than these short texts.
        let mut parts = text.split(['-']);
        let year = parts.next().and_then(|y| digits(y, 4)).ok_or_else(syntax)?;
        let year = i16::try_from(year).map_err(|_| syntax())?;
        let second = parts.next();
        let third = parts.next();
        if parts.next().is_some() {
            return Err(syntax());
        }
        match (second, third) {
            (None, _) => Self::year(year),
            (Some(q), None) if q.starts_with(['Q', 'q']) => {
                let quarter = digits(&q[1..], 1).ok_or_else(syntax)?;
                Self::quarter(year, quarter as i8)
            }
            (Some(m), None) => {
                let month = digits(m, 2).ok_or_else(syntax)?;
                Self::month(year, month as i8)
            }
            (Some(m), Some(d)) => {
                let month = digits(m, 2).ok_or_else(syntax)?;
                let day = digits(d, 2).ok_or_else(syntax)?;
                Ok(Self::day(civil(year, month as i8, day as i8, || {
                    text.to_owned()
                })?))
            }
        }
    }
}

impl PartialDate {
    /// The date as it is written (`2026-Q2` stays `2026-Q2`), written digit by digit into
    /// `text`: every report prints a date or more per row, and the formatting machinery of
    /// `write!` cost more than the rest of a JSON row. `None` for a year outside 0-9999,
    /// which the reader never makes.
    fn write_into(self, text: &mut [u8; 10]) -> Option<&str> {
        let s = self.start;
        let year = u16::try_from(s.year()).ok().filter(|&year| year <= 9999)?;
        let digits = |text: &mut [u8], mut n: u16| {
            for at in (0..text.len()).rev() {
                text[at] = b'0' + (n % 10) as u8;
                n /= 10;
            }
        };
        digits(&mut text[..4], year);
        let len = match self.precision {
            Precision::Year => 4,
            Precision::Quarter => {
                text[4..6].copy_from_slice(b"-Q");
                text[6] = b'0' + ((s.month() - 1) / 3 + 1) as u8;
                7
            }
            Precision::Month | Precision::Day => {
                text[4] = b'-';
                digits(&mut text[5..7], s.month() as u16);
                if self.precision == Precision::Day {
                    text[7] = b'-';
                    digits(&mut text[8..10], s.day() as u16);
                    10
                } else {
                    7
                }
            }
        };
        // Only ASCII digits and dashes were written.
        std::str::from_utf8(&text[..len]).ok()
    }

    /// Appends the date as it is written to `out` (as `Display` does, without its machinery).
    pub(crate) fn push_to(self, out: &mut String) {
        match self.write_into(&mut [0; 10]) {
            Some(text) => out.push_str(text),
            None => out.push_str(&self.to_string()),
        }
    }
}

impl fmt::Display for PartialDate {
    /// Prints the date as it would be written: `2026-Q2` stays `2026-Q2`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(text) = self.write_into(&mut [0; 10]) {
            return f.write_str(text);
        }
        let s = self.start;
        match self.precision {
            Precision::Year => write!(f, "{:04}", s.year()),
            Precision::Quarter => write!(f, "{:04}-Q{}", s.year(), (s.month() - 1) / 3 + 1),
            Precision::Month => write!(f, "{:04}-{:02}", s.year(), s.month()),
            Precision::Day => write!(f, "{:04}-{:02}-{:02}", s.year(), s.month(), s.day()),
        }
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.start, self.end, self.precision).cmp(&(other.start, other.end, other.precision))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // As one string, not through `Display` (serde_json's `collect_str` escapes what a
        // formatter writes, a piece at a time).
        match self.write_into(&mut [0; 10]) {
            Some(text) => serializer.serialize_str(text),
            None => serializer.collect_str(self),
        }
    }
}

/// Parses a `--today`/`--as-of` style argument: a whole day, `YYYY-MM-DD`.
pub fn parse_day(text: &str) -> Result<Date, DateError> {
    let date: PartialDate = text.parse()?;
    if date.precision != Precision::Day {
        return Err(DateError::Syntax(text.to_owned()));
    }
    Ok(date.start)
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    // Both are civil dates; the span in days is exact and cannot overflow for years 1-9999.
    from.until((jiff::Unit::Day, to))
        .map(|span| i64::from(span.get_days()))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn p(text: &str) -> PartialDate {
        text.parse().unwrap()
    }

    #[test]
    fn each_precision_covers_its_interval() {
        assert_eq!(
            (p("2026").start(), p("2026").end()),
            (date(2026, 1, 1), date(2026, 12, 31))
        );
        assert_eq!(
            (p("2026-Q2").start(), p("2026-Q2").end()),
            (date(2026, 4, 1), date(2026, 6, 30))
        );
        assert_eq!(
            (p("2026-Q4").start(), p("2026-Q4").end()),
            (date(2026, 10, 1), date(2026, 12, 31))
        );
        assert_eq!(
            (p("2024-02").start(), p("2024-02").end()),
            (date(2024, 2, 1), date(2024, 2, 29))
        );
        assert_eq!(
            (p("2026-04-09").start(), p("2026-04-09").end()),
            (date(2026, 4, 9), date(2026, 4, 9))
        );
    }

    #[test]
    fn prints_as_written() {
        for text in [
            "2026",
            "2026-Q2",
            "2026-04",
            "2026-04-09",
            "0999-01",
            "0001",
            "0042-Q1",
            "2026-Q4",
            "9999-12-31",
            "2026-10-01",
        ] {
            assert_eq!(p(text).to_string(), text);
        }
        assert_eq!(p("2026-q3").to_string(), "2026-Q3");
    }

    #[test]
    fn orders_by_start_then_end() {
        let mut dates = [
            p("2026-04-09"),
            p("2026-Q2"),
            p("2026"),
            p("2026-04"),
            p("2025-12-31"),
        ];
        dates.sort();
        let texts: Vec<String> = dates.iter().map(ToString::to_string).collect();
        assert_eq!(
            texts,
            ["2025-12-31", "2026", "2026-04", "2026-Q2", "2026-04-09"].map(String::from)
        );
        // Same start: the shorter interval first.
        assert!(p("2026-04") < p("2026-Q2"));
        assert!(p("2026-01-01") < p("2026-01"));
    }

    #[test]
    fn rejects_impossible_days() {
        assert!(matches!(
            "2026-02-30".parse::<PartialDate>(),
            Err(DateError::Impossible(..))
        ));
        assert!(matches!(
            "2025-02-29".parse::<PartialDate>(),
            Err(DateError::Impossible(..))
        ));
        assert!(p("2024-02-29").contains(date(2024, 2, 29)));
        assert!(matches!(
            "2026-13".parse::<PartialDate>(),
            Err(DateError::Impossible(..))
        ));
        assert!(matches!(
            "2026-Q5".parse::<PartialDate>(),
            Err(DateError::Impossible(..))
        ));
        assert!(matches!(
            "0000".parse::<PartialDate>(),
            Err(DateError::Range(..))
        ));
        let message = "2026-02-30".parse::<PartialDate>().unwrap_err().to_string();
        assert_eq!(
            message,
            "`2026-02-30` is not a real date: 2026-02 has 28 days"
        );
    }

    #[test]
    fn rejects_times_of_day() {
        for text in [
            "2026-04-09T10:00:00",
            "2026-04-09 10:00",
            "2026-04-09T10:00:00Z",
        ] {
            assert!(
                matches!(text.parse::<PartialDate>(), Err(DateError::TimeOfDay(_))),
                "{text}"
            );
        }
    }

    #[test]
    fn rejects_malformed_text() {
        for text in [
            "",
            "26",
            "2026-4",
            "2026-04-9",
            "2026/04/09",
            "April 2026",
            "2026-Q",
            "2026-Q12",
            "2026-04-09-01",
            "２０２６",
            "-2026",
        ] {
            assert!(
                matches!(text.parse::<PartialDate>(), Err(DateError::Syntax(_))),
                "{text:?}"
            );
        }
    }

    #[test]
    fn reads_bare_toml_dates() {
        let toml_date = |text: &str| PartialDate::from_toml(&text.parse().unwrap());
        assert_eq!(toml_date("2026-04-09"), Ok(p("2026-04-09")));
        for with_time in ["2026-04-09T10:00:00", "2026-04-09T10:00:00Z", "10:00:00"] {
            let err = toml_date(with_time).unwrap_err();
            assert!(matches!(err, DateError::TimeOfDay(_)), "{with_time}: {err}");
        }
    }

    #[test]
    fn whole_days_only_for_today() {
        assert_eq!(parse_day("2026-11-21").unwrap(), date(2026, 11, 21));
        assert!(parse_day("2026-11").is_err());
        assert!(parse_day("tomorrow").is_err());
    }

    #[test]
    fn counts_days() {
        assert_eq!(days_between(date(2026, 4, 10), date(2026, 11, 21)), 225);
        assert_eq!(days_between(date(2026, 4, 10), date(2026, 4, 10)), 0);
        assert_eq!(days_between(date(2026, 4, 11), date(2026, 4, 10)), -1);
    }
}
