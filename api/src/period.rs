//! Reporting periods: `2025` (year), `2025-H1` (half), `2025-Q3` (quarter), `2025-09` (month).

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Year(i32),
    Half(i32, u32),
    Quarter(i32, u32),
    Month(i32, u32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frequency {
    Monthly,
    Quarterly,
    HalfYearly,
    Yearly,
}

impl Period {
    pub fn frequency(self) -> Frequency {
        match self {
            Period::Year(_) => Frequency::Yearly,
            Period::Half(..) => Frequency::HalfYearly,
            Period::Quarter(..) => Frequency::Quarterly,
            Period::Month(..) => Frequency::Monthly,
        }
    }

    /// The first and last day of the period.
    pub fn bounds(self) -> (NaiveDate, NaiveDate) {
        let (year, first_month, months) = match self {
            Period::Year(y) => (y, 1, 12),
            Period::Half(y, h) => (y, (h - 1) * 6 + 1, 6),
            Period::Quarter(y, q) => (y, (q - 1) * 3 + 1, 3),
            Period::Month(y, m) => (y, m, 1),
        };
        let start = NaiveDate::from_ymd_opt(year, first_month, 1).expect("valid period");
        let next = if first_month + months > 12 {
            NaiveDate::from_ymd_opt(year + 1, first_month + months - 12, 1)
        } else {
            NaiveDate::from_ymd_opt(year, first_month + months, 1)
        }
        .expect("valid period");
        (start, next.pred_opt().expect("valid date"))
    }

    /// The period of `frequency` that contains `date`.
    pub fn containing(date: NaiveDate, frequency: Frequency) -> Self {
        let (y, m) = (date.year(), date.month());
        match frequency {
            Frequency::Yearly => Period::Year(y),
            Frequency::HalfYearly => Period::Half(y, if m <= 6 { 1 } else { 2 }),
            Frequency::Quarterly => Period::Quarter(y, (m - 1) / 3 + 1),
            Frequency::Monthly => Period::Month(y, m),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Half(y, h) => write!(f, "{y}-H{h}"),
            Period::Quarter(y, q) => write!(f, "{y}-Q{q}"),
            Period::Month(y, m) => write!(f, "{y}-{m:02}"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("must be a period like 2025, 2025-H1, 2025-Q3 or 2025-09")]
pub struct BadPeriod;

impl FromStr for Period {
    type Err = BadPeriod;

    fn from_str(s: &str) -> Result<Self, BadPeriod> {
        let year_of = |y: &str| -> Result<i32, BadPeriod> {
            if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
                return Err(BadPeriod);
            }
            let y: i32 = y.parse().map_err(|_| BadPeriod)?;
            (1900..=2200).contains(&y).then_some(y).ok_or(BadPeriod)
        };
        let Some((y, rest)) = s.split_once('-') else {
            return Ok(Period::Year(year_of(s)?));
        };
        let year = year_of(y)?;
        let number = |digits: &str, max: u32| -> Result<u32, BadPeriod> {
            if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit())
            {
                return Err(BadPeriod);
            }
            let n: u32 = digits.parse().map_err(|_| BadPeriod)?;
            (1..=max).contains(&n).then_some(n).ok_or(BadPeriod)
        };
        if let Some(h) = rest.strip_prefix('H') {
            Ok(Period::Half(year, number(h, 2)?))
        } else if let Some(q) = rest.strip_prefix('Q') {
            Ok(Period::Quarter(year, number(q, 4)?))
        } else if rest.len() == 2 {
            Ok(Period::Month(year, number(rest, 12)?))
        } else {
            Err(BadPeriod)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        for s in ["2025", "2025-H1", "2025-Q3", "2025-09", "2024-12"] {
            assert_eq!(s.parse::<Period>().unwrap().to_string(), s);
        }
        for bad in [
            "", "25", "2025-H3", "2025-Q0", "2025-13", "2025-9", "2025-q1", "abcd", "2025-",
            "12025",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
    }

    #[test]
    fn bounds() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            Period::Quarter(2025, 4).bounds(),
            (d(2025, 10, 1), d(2025, 12, 31))
        );
        assert_eq!(
            Period::Month(2024, 2).bounds(),
            (d(2024, 2, 1), d(2024, 2, 29))
        );
        assert_eq!(
            Period::Half(2025, 2).bounds(),
            (d(2025, 7, 1), d(2025, 12, 31))
        );
        assert_eq!(
            Period::containing(d(2025, 8, 15), Frequency::Quarterly),
            Period::Quarter(2025, 3)
        );
    }
}
