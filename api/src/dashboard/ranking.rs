//! Fair comparison: an agency is ranked only against its peers (ministries with ministries,
//! provinces with provinces, the communes of one province with each other), and every score
//! carries a data-quality mark so that an agency cannot rank high on figures it did not report.
//! The dashboard's scorecard and the periodic report rank with this one rule; the report prints
//! [`METHOD_VI`] under its table.

use super::ScorecardRow;
use crate::agencies::AgencyKind;

text_enum!(
    /// Who an agency is compared with.
    PeerGroup {
        Central => "central",
        Ministry => "ministry",
        Province => "province",
        Department => "department",
        Commune => "commune",
        Other => "other",
    }
);

impl PeerGroup {
    pub fn of(kind: AgencyKind) -> Self {
        match kind {
            AgencyKind::Central => PeerGroup::Central,
            AgencyKind::Ministry => PeerGroup::Ministry,
            AgencyKind::Province => PeerGroup::Province,
            AgencyKind::Department => PeerGroup::Department,
            AgencyKind::Commune => PeerGroup::Commune,
            AgencyKind::Other => PeerGroup::Other,
        }
    }
}

text_enum!(
    /// How far an agency's score rests on its own figures: `good` (at least 90 % of the expected
    /// figures reported and at least 80 % of those on time), `fair` (at least 60 % reported),
    /// `insufficient` (less), `not_expected` (no KPI series expected of it). An `insufficient`
    /// agency is ranked after all its peers, and one with no task and no figure expected last.
    DataQuality {
        Good => "good",
        Fair => "fair",
        Insufficient => "insufficient",
        NotExpected => "not_expected",
    }
);

/// Completeness at or above this is `good` (with [`GOOD_TIMELINESS`]).
pub const GOOD_COMPLETENESS: f64 = 90.0;
pub const GOOD_TIMELINESS: f64 = 80.0;
/// Completeness below this is `insufficient`.
pub const FAIR_COMPLETENESS: f64 = 60.0;

impl DataQuality {
    pub fn of(completeness_pct: Option<f64>, timeliness_pct: Option<f64>) -> Self {
        match completeness_pct {
            Some(c)
                if c >= GOOD_COMPLETENESS && timeliness_pct.unwrap_or(0.0) >= GOOD_TIMELINESS =>
            {
                DataQuality::Good
            }
            Some(c) if c >= FAIR_COMPLETENESS => DataQuality::Fair,
            Some(_) => DataQuality::Insufficient,
            None => DataQuality::NotExpected,
        }
    }
}

/// The method, as printed under a ranking table.
pub const METHOD_VI: &str = "Xếp hạng trong từng nhóm đơn vị cùng loại (bộ, ngành với bộ, ngành; \
tỉnh, thành phố với tỉnh, thành phố; xã, phường trong cùng tỉnh), theo tiến độ bình quân gia quyền \
của các nhiệm vụ. Chất lượng dữ liệu: Tốt — đã báo cáo từ 90% số liệu phải báo cáo trở lên và từ 80% \
đúng hạn; Khá — từ 60% số liệu; Chưa đủ — dưới 60%; Không áp dụng — không có số liệu phải báo cáo. Đơn vị có \
dữ liệu chưa đủ được xếp sau mọi đơn vị cùng nhóm; đơn vị không có nhiệm vụ và không có số liệu phải \
báo cáo được xếp cuối nhóm.";
pub const METHOD_EN: &str = "Ranked within groups of the same kind (ministries with ministries, \
provinces with provinces, communes within their province) by the weighted progress of their \
tasks. Data quality: good — at least 90% of the expected figures reported and at least 80% of \
them on time; fair — at least 60% reported; insufficient — less; not applicable — no figures \
expected. \
Agencies with insufficient data are ranked after all their peers; agencies with no task and no \
figure expected come last.";

/// Where a row stands before its progress is compared: adequate data first, then `insufficient`,
/// then an agency with nothing to evaluate (no task and no figure expected of it, such as a body
/// that only coordinates), which must not rank above those that work.
fn tier(row: &ScorecardRow) -> u8 {
    if row.tasks == 0 && row.data_quality == DataQuality::NotExpected {
        2
    } else if row.data_quality == DataQuality::Insufficient {
        1
    } else {
        0
    }
}

/// Sets `rank` within each peer group: adequate data first by weighted progress (then code), then
/// the `insufficient` ones by the same order, then those with nothing to evaluate. The rows end
/// up grouped, each group in rank order.
pub fn rank_among_peers(rows: &mut [ScorecardRow]) {
    rows.sort_by(|a, b| {
        a.peer_group
            .cmp(&b.peer_group)
            .then(tier(a).cmp(&tier(b)))
            .then(b.weighted_progress.total_cmp(&a.weighted_progress))
            .then(a.code.cmp(&b.code))
    });
    let mut previous: Option<PeerGroup> = None;
    let mut place = 0;
    for r in rows.iter_mut() {
        if previous != Some(r.peer_group) {
            place = 0;
            previous = Some(r.peer_group);
        }
        place += 1;
        r.rank = place;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mark_follows_completeness_then_timeliness() {
        assert_eq!(DataQuality::of(Some(95.0), Some(85.0)), DataQuality::Good);
        assert_eq!(DataQuality::of(Some(95.0), Some(50.0)), DataQuality::Fair);
        assert_eq!(DataQuality::of(Some(60.0), None), DataQuality::Fair);
        assert_eq!(
            DataQuality::of(Some(59.9), Some(100.0)),
            DataQuality::Insufficient
        );
        assert_eq!(DataQuality::of(Some(0.0), None), DataQuality::Insufficient);
        assert_eq!(DataQuality::of(None, None), DataQuality::NotExpected);
    }
}

#[cfg(test)]
mod ranking_tests {
    use super::*;
    use crate::tasks::evaluation::EvaluationCounts;

    fn row(code: &str, kind: AgencyKind, progress: f64, completeness: Option<f64>) -> ScorecardRow {
        ScorecardRow {
            agency_id: code.into(),
            code: code.into(),
            name: code.into(),
            rank: 0,
            peer_group: PeerGroup::of(kind),
            data_quality: DataQuality::of(completeness, Some(100.0)),
            tasks: 1,
            completed: 0,
            overdue: 0,
            on_track: 1,
            at_risk: 0,
            off_track: 0,
            health: None,
            weighted_progress: progress,
            kpi_on_track_pct: None,
            completeness_pct: completeness,
            timeliness_pct: Some(100.0),
            open_alerts: 0,
            evaluation: EvaluationCounts::default(),
        }
    }

    #[test]
    fn peers_only_and_unreported_figures_rank_last() {
        let mut rows = vec![
            row("HN", AgencyKind::Province, 50.0, Some(100.0)),
            row("BYT", AgencyKind::Ministry, 90.0, None),
            row("HP", AgencyKind::Province, 95.0, Some(20.0)),
            row("DN", AgencyKind::Province, 60.0, Some(70.0)),
            row("BTC", AgencyKind::Ministry, 30.0, None),
        ];
        rank_among_peers(&mut rows);
        let ranked: Vec<(&str, i64)> = rows.iter().map(|r| (r.code.as_str(), r.rank)).collect();
        // Hải Phòng's 95 % rests on a fifth of its figures: after its peers, not first.
        assert_eq!(
            ranked,
            [("BYT", 1), ("BTC", 2), ("DN", 1), ("HN", 2), ("HP", 3)]
        );
    }

    #[test]
    fn bodies_with_nothing_to_evaluate_come_last() {
        let idle = |code: &str| ScorecardRow {
            tasks: 0,
            weighted_progress: 0.0,
            ..row(code, AgencyKind::Central, 0.0, None)
        };
        let mut rows = vec![
            idle("BCD"),
            row("DUCP", AgencyKind::Central, 40.0, Some(30.0)),
            idle("DUQH"),
            row("VPCP", AgencyKind::Central, 10.0, None),
        ];
        rank_among_peers(&mut rows);
        let ranked: Vec<(&str, i64)> = rows.iter().map(|r| (r.code.as_str(), r.rank)).collect();
        // A body with no task and no figure due does not rank above those that work, even
        // one whose data is insufficient.
        assert_eq!(ranked, [("VPCP", 1), ("DUCP", 2), ("BCD", 3), ("DUQH", 4)]);
    }
}
