//! Demo supervision: each state of the supervision workflow, made by the demo users through the
//! same services as the API — a completion awaiting acceptance, one returned, an extension
//! granted, a directive answered and one overdue. Only the overdue directive's dates are moved
//! into the past afterwards (the services stamp "now"), the way a real history would hold it.

use chrono::{NaiveDate, TimeDelta};
use diesel::prelude::*;

use crate::auth::Caller;
use crate::bootstrap::ADMIN_USERNAME;
use crate::db::schema::tasks;
use crate::db::{self, DbConn};
use crate::directives::{self, IssueDirective, Subject};
use crate::error::ApiError;
use crate::tasks::completion::{self, ProposeCompletion};
use crate::tasks::requests::{self, FileRequest, RequestKind};
use crate::tasks::TaskRow;

fn task(conn: &mut DbConn, code: &str) -> Result<TaskRow, ApiError> {
    Ok(tasks::table
        .filter(tasks::code.eq(code))
        .select(TaskRow::as_select())
        .first(conn)?)
}

pub fn load(conn: &mut DbConn, today: NaiveDate) -> Result<(), ApiError> {
    let admin = Caller::of_user(conn, ADMIN_USERNAME)?;
    let hcm = Caller::of_user(conn, "baocao.hcm")?;
    let hn_planner = Caller::of_user(conn, "kehoach.hn")?;
    let ba_dinh = Caller::of_user(conn, "baocao.badinh")?;

    // Awaiting acceptance: Ho Chi Minh City proposes completing its digital transformation task;
    // the Central Office (the resolution's owner) has not decided yet.
    let t = task(conn, "57-NQ/TW.4")?;
    completion::propose_in(
        conn,
        &hcm,
        &t,
        &ProposeCompletion {
            summary: "Đã hoàn thành chuyển đổi số 100% thủ tục hành chính cấp thành phố; \
                      kèm báo cáo tổng kết."
                .into(),
            attachment_ids: vec![],
        },
    )?;

    // Returned: the forum's completion came without the list of partners who signed.
    let t = task(conn, "59-NQ/TW.4")?;
    completion::propose_in(
        conn,
        &hcm,
        &t,
        &ProposeCompletion {
            summary: "Đã tổ chức diễn đàn hợp tác quốc tế.".into(),
            attachment_ids: vec![],
        },
    )?;
    let t = task(conn, "59-NQ/TW.4")?;
    completion::return_in(
        conn,
        &admin,
        &t,
        "Chưa có danh sách đối tác đã ký kết và biên bản ghi nhớ kèm theo.",
    )?;

    // An extension granted: the free health checks need one more month.
    let t = task(conn, "72-NQ/TW.2")?;
    let request = requests::file_in(
        conn,
        &hcm,
        &t,
        &FileRequest {
            kind: RequestKind::Extension,
            reason: "Chờ bố trí kinh phí bổ sung từ ngân sách thành phố.".into(),
            due_date: Some(t.due_date + TimeDelta::days(30)),
        },
    )?;
    let loaded = <requests::Loaded as crate::extract::Load>::load(conn, &admin, &request.id)?;
    requests::grant_in(conn, &admin, &loaded)?;

    // A directive answered: Hanoi directs Ba Dinh ward, the ward answers.
    let t = task(conn, "57-NQ/TW.3.2.1")?;
    let d = directives::issue_in(
        conn,
        &hn_planner,
        &Subject::Task(t),
        &IssueDirective {
            text: "Báo cáo số hồ sơ còn giải quyết trực tiếp và lộ trình chuyển sang trực tuyến."
                .into(),
            due_date: Some(today + TimeDelta::days(7)),
        },
    )?;
    let loaded = <directives::Loaded as crate::extract::Load>::load(conn, &ba_dinh, &d.id)?;
    directives::answer_in(
        conn,
        &ba_dinh,
        &loaded,
        "Còn 12% hồ sơ giải quyết trực tiếp; phường hoàn thành chuyển đổi trong quý tới.",
    )?;

    // A directive overdue: the Central Office asked Da Nang for a land plan three weeks ago, due a
    // week ago, and has no answer.
    let t = task(conn, "59-NQ/TW.3")?;
    let issued = (today - TimeDelta::days(21))
        .and_hms_opt(9, 0, 0)
        .expect("09:00");
    db::at(issued, || {
        directives::issue_in(
            conn,
            &admin,
            &Subject::Task(t),
            &IssueDirective {
                text: "Báo cáo phương án bố trí quỹ đất sạch cho dự án đầu tư nước ngoài.".into(),
                due_date: Some(today - TimeDelta::days(7)),
            },
        )
    })?;
    Ok(())
}
