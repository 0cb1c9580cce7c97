//! The period of a report: its name in words ("quý III năm 2026", "6 tháng đầu năm 2026") and the
//! period it is compared with.

use chrono::{Datelike, Months, NaiveDate, TimeDelta};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

text_enum!(
    /// The kind of period a scheduled report covers.
    PeriodKind {
        Month => "month",
        Quarter => "quarter",
        HalfYear => "half_year",
        NineMonths => "nine_months",
        Year => "year",
    }
);

/// First and last day of a report's period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Span {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The last day of a month (`None` past the calendar's end).
fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, 1)?
        .checked_add_months(Months::new(1))?
        .pred_opt()
}

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

impl PeriodKind {
    /// The periods of this kind in a year start in January: months, quarters, halves; the nine
    /// months and the year start on 1 January and end in September or December.
    fn bounds(self, year: i32, n: u32) -> Option<Span> {
        let (first, last) = match self {
            PeriodKind::Month => (n, n),
            PeriodKind::Quarter => (3 * n - 2, 3 * n),
            PeriodKind::HalfYear => (6 * n - 5, 6 * n),
            PeriodKind::NineMonths => (1, 9),
            PeriodKind::Year => (1, 12),
        };
        Some(Span {
            from: NaiveDate::from_ymd_opt(year, first, 1)?,
            to: month_end(year, last)?,
        })
    }

    fn count(self) -> u32 {
        match self {
            PeriodKind::Month => 12,
            PeriodKind::Quarter => 4,
            PeriodKind::HalfYear => 2,
            PeriodKind::NineMonths | PeriodKind::Year => 1,
        }
    }

    /// The last period of this kind that ended before `day` (the one a schedule reports on).
    pub fn last_closed(self, day: NaiveDate) -> Span {
        for year in [day.year(), day.year() - 1] {
            for n in (1..=self.count()).rev() {
                match self.bounds(year, n) {
                    Some(span) if span.to < day => return span,
                    _ => {}
                }
            }
        }
        unreachable!("every kind has a period ending in the previous year")
    }
}

impl Span {
    /// The kind and number when the span is exactly one calendar period.
    fn calendar(self) -> Option<(PeriodKind, u32)> {
        let year = self.from.year();
        [
            PeriodKind::Year,
            PeriodKind::NineMonths,
            PeriodKind::HalfYear,
            PeriodKind::Quarter,
            PeriodKind::Month,
        ]
        .into_iter()
        .find_map(|kind| {
            (1..=kind.count())
                .find(|n| kind.bounds(year, *n) == Some(self))
                .map(|n| (kind, n))
        })
    }

    /// "tháng 9 năm 2026", "quý III năm 2026", "6 tháng đầu năm 2026", "9 tháng năm 2026",
    /// "năm 2026", or "từ 15/01/2026 đến 20/03/2026".
    pub fn label_vi(self) -> String {
        let y = self.from.year();
        match self.calendar() {
            Some((PeriodKind::Month, n)) => format!("tháng {n} năm {y}"),
            Some((PeriodKind::Quarter, n)) => format!("quý {} năm {y}", ROMAN[n as usize - 1]),
            Some((PeriodKind::HalfYear, 1)) => format!("6 tháng đầu năm {y}"),
            Some((PeriodKind::HalfYear, _)) => format!("6 tháng cuối năm {y}"),
            Some((PeriodKind::NineMonths, _)) => format!("9 tháng năm {y}"),
            Some((PeriodKind::Year, _)) => format!("năm {y}"),
            None => format!(
                "từ ngày {} đến ngày {}",
                crate::vietnamese::date(self.from),
                crate::vietnamese::date(self.to)
            ),
        }
    }

    /// The period compared with: the one just before for a month or a quarter; the same period
    /// of the previous year ("cùng kỳ") for six months, nine months and a year; for any other
    /// range, the range of the same length just before it. `None` before the calendar's start.
    pub fn previous(self) -> Option<Span> {
        match self.calendar() {
            Some((kind @ (PeriodKind::Month | PeriodKind::Quarter), _)) => {
                let months = if kind == PeriodKind::Month { 1 } else { 3 };
                Some(Span {
                    from: self.from.checked_sub_months(Months::new(months))?,
                    to: self.from.pred_opt()?,
                })
            }
            Some(_) => Some(Span {
                from: self.from.checked_sub_months(Months::new(12))?,
                to: month_end(self.to.year() - 1, self.to.month())?,
            }),
            None => {
                let days = TimeDelta::try_days((self.to - self.from).num_days() + 1)?;
                Some(Span {
                    from: self.from.checked_sub_signed(days)?,
                    to: self.from.pred_opt()?,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn span(a: &str, b: &str) -> Span {
        Span {
            from: d(a),
            to: d(b),
        }
    }

    #[test]
    fn calendar_periods_have_their_names() {
        assert_eq!(
            span("2026-07-01", "2026-09-30").label_vi(),
            "quý III năm 2026"
        );
        assert_eq!(
            span("2026-09-01", "2026-09-30").label_vi(),
            "tháng 9 năm 2026"
        );
        assert_eq!(
            span("2026-01-01", "2026-06-30").label_vi(),
            "6 tháng đầu năm 2026"
        );
        assert_eq!(
            span("2026-01-01", "2026-09-30").label_vi(),
            "9 tháng năm 2026"
        );
        assert_eq!(span("2026-01-01", "2026-12-31").label_vi(), "năm 2026");
        assert_eq!(
            span("2026-01-15", "2026-03-20").label_vi(),
            "từ ngày 15/01/2026 đến ngày 20/03/2026"
        );
    }

    #[test]
    fn a_period_is_compared_with_the_one_before_or_the_same_one_a_year_earlier() {
        assert_eq!(
            span("2026-07-01", "2026-09-30").previous(),
            Some(span("2026-04-01", "2026-06-30"))
        );
        assert_eq!(
            span("2026-01-01", "2026-01-31").previous(),
            Some(span("2025-12-01", "2025-12-31"))
        );
        assert_eq!(
            span("2026-01-01", "2026-09-30").previous(),
            Some(span("2025-01-01", "2025-09-30"))
        );
        assert_eq!(
            span("2026-03-11", "2026-03-20").previous(),
            Some(span("2026-03-01", "2026-03-10"))
        );
        // The same months of a leap year's February end on the 29th, a year before on the 28th.
        assert_eq!(
            span("2024-01-01", "2024-12-31").previous(),
            Some(span("2023-01-01", "2023-12-31"))
        );
        // Nothing before the first day the calendar knows: no comparison, no panic.
        let first = chrono::NaiveDate::MIN;
        assert_eq!(
            Span {
                from: first,
                to: first + TimeDelta::days(9)
            }
            .previous(),
            None
        );
    }

    #[test]
    fn a_schedule_reports_on_the_last_closed_period() {
        let day = d("2026-10-01");
        assert_eq!(
            PeriodKind::Quarter.last_closed(day),
            span("2026-07-01", "2026-09-30")
        );
        assert_eq!(
            PeriodKind::Month.last_closed(day),
            span("2026-09-01", "2026-09-30")
        );
        assert_eq!(
            PeriodKind::HalfYear.last_closed(day),
            span("2026-01-01", "2026-06-30")
        );
        assert_eq!(
            PeriodKind::NineMonths.last_closed(day),
            span("2026-01-01", "2026-09-30")
        );
        assert_eq!(
            PeriodKind::Year.last_closed(day),
            span("2025-01-01", "2025-12-31")
        );
        assert_eq!(
            PeriodKind::Quarter.last_closed(d("2026-01-05")),
            span("2025-10-01", "2025-12-31")
        );
    }
}
