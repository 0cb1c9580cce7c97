//! The reporting regime (chế độ báo cáo): deadlines per indicator, level and period, locked
//! periods and their unlocks, the progress-report calendar of a resolution, and each officer's
//! to-do list. See `docs/reporting-regime.md`.

pub mod calendar;
pub mod handlers;
pub mod locks;
pub mod reports;
pub mod work;
