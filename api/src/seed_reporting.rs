//! Demo reporting regime, set by the demo users through the same services as the API: the
//! reporting calendars of the quarterly indicators (communes by the 10th day after the quarter,
//! provinces by the 15th, ministries by the 20th; approved within 30 days, then locked), a monthly
//! progress-report calendar for Resolution 57 (by the 20th), and an unlock granted by Hà Nội for
//! one ward's locked quarter, with a directive to that ward on the series. The reminders then run once (after the seed's transaction) so that
//! the bell is not empty on first start.

use chrono::{NaiveDate, TimeDelta};
use diesel::prelude::*;

use crate::agencies::AgencyKind;
use crate::auth::Caller;
use crate::bootstrap::ADMIN_USERNAME;
use crate::db::schema::{agencies, indicators, resolutions};
use crate::db::DbConn;
use crate::directives::{self, IssueDirective};
use crate::error::ApiError;
use crate::indicators::{Frequency, IndicatorRow};
use crate::period::Period;
use crate::reporting::handlers::{save_in, CalendarLevel, PutCalendar};
use crate::reporting::locks::{self, GrantUnlock};
use crate::reporting::reports::{self, ReportCalendar};
use crate::resolutions::ResolutionRow;

/// The quarterly indicators that follow a reporting calendar in the demo.
const WITH_CALENDAR: &[&str] = &["DT_DOCS", "DT_SERVICES", "NEW_FIRMS", "COMMUNE_ONLINE"];

fn indicator(conn: &mut DbConn, code: &str) -> Result<IndicatorRow, ApiError> {
    Ok(indicators::table
        .filter(indicators::code.eq(code))
        .select(IndicatorRow::as_select())
        .first(conn)?)
}

pub fn load(conn: &mut DbConn, today: NaiveDate) -> Result<(), ApiError> {
    let admin = Caller::of_user(conn, ADMIN_USERNAME)?;
    let calendar = PutCalendar {
        report_days: 15,
        levels: vec![
            CalendarLevel {
                agency_kind: AgencyKind::Commune,
                report_days: 10,
            },
            CalendarLevel {
                agency_kind: AgencyKind::Province,
                report_days: 15,
            },
            CalendarLevel {
                agency_kind: AgencyKind::Ministry,
                report_days: 20,
            },
        ],
        approval_days: Some(30),
    };
    for code in WITH_CALENDAR {
        let ind = indicator(conn, code)?;
        save_in(conn, &admin, &ind, Some(&calendar))?;
    }

    // Resolution 57's tasks report monthly, by the 20th.
    let r57: ResolutionRow = resolutions::table
        .filter(resolutions::code.eq("57-NQ/TW"))
        .select(ResolutionRow::as_select())
        .first(conn)?;
    reports::save_in(
        conn,
        &admin,
        &r57,
        Some(ReportCalendar {
            frequency: Frequency::Monthly,
            due_day: 20,
        }),
    )?;

    // Hà Nội opens the last quarter again for Sóc Sơn, whose figures were lost in a network
    // outage — when that quarter is already locked (30 days after it ended).
    let ind = indicator(conn, "COMMUNE_ONLINE")?;
    let quarter = Period::containing(
        Period::containing(today, crate::period::Frequency::Quarterly)
            .bounds()
            .0
            - TimeDelta::days(1),
        crate::period::Frequency::Quarterly,
    );
    let soc_son: String = agencies::table
        .filter(agencies::code.eq("HN-SOCSON"))
        .select(agencies::id)
        .first(conn)?;
    let hn_approver = Caller::of_user(conn, "pheduyet.hn")?;
    let cal = crate::reporting::calendar::load(conn, &ind.id)?;
    if cal.locks(quarter, today) {
        locks::grant_in(
            conn,
            &hn_approver,
            &ind,
            &GrantUnlock {
                agency_id: soc_son.clone(),
                period: quarter.to_string(),
                reason: "Xã bổ sung số liệu bị mất do sự cố đường truyền.".into(),
                open_until: today + TimeDelta::days(14),
            },
        )?;
    }

    // …and directs Sóc Sơn on that series: a directive on a KPI series, open in its to-do list.
    let subject = directives::series_subject(conn, ind, &soc_son)?;
    directives::issue_in(
        conn,
        &hn_approver,
        &subject,
        &IssueDirective {
            text: format!(
                "Rà soát, nhập bổ sung và gửi duyệt số liệu quý {quarter} về tỷ lệ hồ sơ trực \
                 tuyến; báo cáo nguyên nhân chậm."
            ),
            due_date: Some(today + TimeDelta::days(10)),
        },
    )?;
    Ok(())
}
