//! A sample periodic report with every kind of block, shared by the tests and the example.

use restrack_documents::{Align, Annex, Block, Column, Document, Heading, Signature, Table};

fn col(header: &str, width: u16, align: Align) -> Column {
    Column {
        header: header.into(),
        width,
        align,
    }
}

const UNITS: [&str; 6] = [
    "Ban Tổ chức Trung ương",
    "Ban Tuyên giáo và Dân vận Trung ương",
    "Ủy ban Kiểm tra Trung ương",
    "Văn phòng Trung ương Đảng",
    "Tỉnh ủy Thừa Thiên Huế",
    "Thành ủy Thành phố Hồ Chí Minh",
];

/// The long table of the body: 40 tasks, more than a page.
fn task_table() -> Table {
    let rows = (1..=40)
        .map(|i| {
            vec![
                i.to_string(),
                format!(
                    "Nhiệm vụ số {i}: hoàn thiện thể chế, rà soát văn bản quy phạm pháp luật \
                     và báo cáo kết quả thực hiện"
                ),
                UNITS[i % UNITS.len()].to_string(),
                format!("{},{} %", 40 + (i * 7) % 60, i % 10),
                if i % 3 == 0 {
                    "Chậm tiến độ"
                } else {
                    "Đúng hạn"
                }
                .to_string(),
            ]
        })
        .collect();
    Table {
        columns: vec![
            col("TT", 6, Align::Center),
            col("Nhiệm vụ", 44, Align::Left),
            col("Đơn vị chủ trì", 24, Align::Left),
            col("Tiến độ", 12, Align::Right),
            col("Đánh giá", 14, Align::Center),
        ],
        rows,
        note: Some(
            "Ghi chú: tiến độ là tỷ lệ phần trăm khối lượng công việc đã hoàn thành \
             so với kế hoạch được giao."
                .into(),
        ),
    }
}

fn kpi_table() -> Table {
    let rows = UNITS
        .iter()
        .enumerate()
        .map(|(i, u)| {
            vec![
                (i + 1).to_string(),
                u.to_string(),
                (12 + i * 3).to_string(),
                (10 + i * 2).to_string(),
                (2 + i).to_string(),
                format!("{},{}", 80 + i * 3, i),
                format!("{}", i + 1),
                "Đạt yêu cầu; cần đẩy nhanh tiến độ các nhiệm vụ chuyển tiếp".to_string(),
            ]
        })
        .collect();
    Table {
        columns: vec![
            col("TT", 5, Align::Center),
            col("Đơn vị", 30, Align::Left),
            col("Số nhiệm vụ", 11, Align::Right),
            col("Hoàn thành", 11, Align::Right),
            col("Quá hạn", 10, Align::Right),
            col("Điểm (%)", 10, Align::Right),
            col("Xếp hạng", 9, Align::Center),
            col("Nhận xét", 34, Align::Left),
        ],
        rows,
        note: Some(
            "Xếp hạng theo điểm: tỷ lệ nhiệm vụ hoàn thành đúng hạn trừ 5 điểm cho mỗi \
             nhiệm vụ quá hạn."
                .into(),
        ),
    }
}

pub fn report() -> Document {
    let para = |s: &str| Block::Paragraph(s.into());
    Document {
        heading: Heading {
            parent_body: Some("Ban Chấp hành Trung ương".into()),
            issuer: "Văn phòng Trung ương Đảng".into(),
            number: "Số: 125/BC-VPTW".into(),
            place_date: "Hà Nội, ngày 07 tháng 12 năm 2026".into(),
        },
        kind: "BÁO CÁO".into(),
        subject: "Tình hình thực hiện các nghị quyết quý III năm 2026".into(),
        body: vec![
            para(
                "Thực hiện chương trình công tác năm 2026, Văn phòng Trung ương Đảng báo cáo \
                 tình hình triển khai, kết quả thực hiện các nghị quyết chiến lược trong quý III \
                 năm 2026 như sau:",
            ),
            Block::Heading1("I. KẾT QUẢ THỰC HIỆN".into()),
            Block::Heading2("1. Nhiệm vụ đến hạn trong kỳ".into()),
            para(
                "Trong kỳ báo cáo có 40 nhiệm vụ đến hạn, trong đó 27 nhiệm vụ đã hoàn thành \
                 đúng hạn, 13 nhiệm vụ chậm tiến độ. Các cơ quan, đơn vị đã chủ động rà soát, \
                 đôn đốc, kịp thời tháo gỡ khó khăn, vướng mắc phát sinh trong quá trình tổ \
                 chức thực hiện; chất lượng sản phẩm đầu ra từng bước được nâng lên.",
            ),
            Block::Table(task_table()),
            Block::Heading2("2. Chỉ tiêu chủ yếu".into()),
            para(
                "Tỷ lệ hoàn thành chỉ tiêu bình quân đạt 86,4 %, tăng 3,1 điểm phần trăm so \
                 với quý trước; chi tiết tại Phụ lục I và Phụ lục II kèm theo.",
            ),
            Block::Heading1("II. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ".into()),
            para(
                "Một số nhiệm vụ liên quan đến nhiều ngành, lĩnh vực chưa được phân công rõ \
                 đầu mối chủ trì; việc cập nhật số liệu của một số địa phương còn chậm. Đề nghị \
                 các cơ quan chủ trì khẩn trương hoàn thành các nhiệm vụ quá hạn trước ngày \
                 31 tháng 12 năm 2026.",
            ),
        ],
        recipients: vec![
            "Như trên".into(),
            "Lãnh đạo Văn phòng".into(),
            "Lưu: VT, THKH".into(),
        ],
        signature: Signature {
            authority: Some("TM. Ban Chỉ đạo".into()),
            title: "Chánh Văn phòng".into(),
            name: "Nguyễn Văn Thành".into(),
        },
        annexes: vec![
            Annex {
                title: "Phụ lục I".into(),
                subject: "Nhiệm vụ đến hạn trong kỳ theo đơn vị".into(),
                landscape: false,
                blocks: vec![
                    para("Số liệu tổng hợp đến hết ngày 30 tháng 9 năm 2026."),
                    Block::Table(Table {
                        note: None,
                        ..kpi_table()
                    }),
                ],
            },
            Annex {
                title: "Phụ lục II".into(),
                subject: "Xếp hạng các đơn vị theo kết quả thực hiện".into(),
                landscape: true,
                blocks: vec![Block::Table(kpi_table())],
            },
        ],
    }
}
