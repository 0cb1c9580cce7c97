//! Vietnamese for documents the server produces (the printable periodic report, reminders): the
//! words for statuses and kinds, dates as `dd/mm/yyyy` and numbers with a decimal comma. The web
//! app translates on its own; this is for what leaves the server already written.

use chrono::NaiveDate;

use crate::alerts::{AlertKind, AlertStatus, Severity};
use crate::tasks::health::Health;

/// `16/11/2026`.
pub fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// `32,9` (one decimal, decimal comma).
pub fn decimal(x: f64) -> String {
    format!("{x:.1}").replace('.', ",")
}

/// A figure as recorded, with a decimal comma and no rounding: `1250,75`, `12`.
pub fn number(x: f64) -> String {
    x.to_string().replace('.', ",")
}

/// `32,9 %`.
pub fn percent(x: f64) -> String {
    format!("{} %", decimal(x))
}

pub fn health(h: Health) -> &'static str {
    match h {
        Health::OnTrack => "Đúng tiến độ",
        Health::AtRisk => "Có nguy cơ chậm",
        Health::OffTrack => "Chậm tiến độ",
        Health::Overdue => "Quá hạn",
        Health::Done => "Hoàn thành",
    }
}

pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Info => "Thông tin",
        Severity::Warning => "Cảnh báo",
        Severity::Critical => "Nghiêm trọng",
    }
}

pub fn alert_status(s: AlertStatus) -> &'static str {
    match s {
        AlertStatus::Open => "Đang mở",
        AlertStatus::Acknowledged => "Đã tiếp nhận",
        AlertStatus::Resolved => "Đã xử lý",
    }
}

pub fn alert_kind(k: AlertKind) -> &'static str {
    match k {
        AlertKind::Overdue => "Quá hạn",
        AlertKind::DueSoon => "Sắp đến hạn",
        AlertKind::BehindSchedule => "Chậm tiến độ",
        AlertKind::ForecastMiss => "Dự báo không đạt",
        AlertKind::StaleReport => "Chưa báo cáo",
        AlertKind::StaleKpi => "Chưa có số liệu",
        AlertKind::KpiOffTrack => "Chỉ tiêu không đạt",
        AlertKind::ApprovalBacklog => "Tồn đọng phê duyệt",
        AlertKind::Bottleneck => "Điểm nghẽn",
        AlertKind::DirectiveOverdue => "Chỉ đạo chưa được trả lời",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_numbers_read_the_vietnamese_way() {
        assert_eq!(
            date(NaiveDate::from_ymd_opt(2026, 11, 6).unwrap()),
            "06/11/2026"
        );
        assert_eq!(percent(32.94), "32,9 %");
        assert_eq!(decimal(100.0), "100,0");
        assert_eq!(number(1250.75), "1250,75");
        assert_eq!(number(12.0), "12");
    }

    #[test]
    fn every_status_has_its_words() {
        for h in Health::ALL {
            assert!(!health(*h).is_empty());
        }
        for s in Severity::ALL {
            assert!(!severity(*s).is_empty());
        }
        for k in AlertKind::ALL {
            assert!(!alert_kind(*k).is_empty());
        }
        for s in AlertStatus::ALL {
            assert!(!alert_status(*s).is_empty());
        }
    }
}
