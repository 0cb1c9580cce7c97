//! Resolution Tracker: monitoring, supervision and evaluation of the implementation of strategic
//! resolutions, from the central office down to communes.

#[macro_use]
pub mod text_enum;

pub mod agencies;
pub mod aggregates;
pub mod alerts;
pub mod apikeys;
pub mod app;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod bootstrap;
pub mod changes;
pub mod cli;
pub mod config;
pub mod dashboard;
pub mod db;
pub mod directives;
pub mod error;
pub mod etag;
pub mod extract;
pub mod frontend;
pub mod hardening;
pub mod imports;
pub mod indicators;
pub mod notify;
pub mod openapi;
pub mod ops;
pub mod page;
pub mod period;
pub mod policy;
pub mod reporting;
pub mod reports;
pub mod resolutions;
pub mod scope;
pub mod search;
pub mod sectors;
pub mod seed;
pub mod seed_indicators;
pub mod seed_programmes;
pub mod seed_reporting;
pub mod seed_sectors;
pub mod seed_supervision;
pub mod state;
pub mod synthetic;
pub mod tasks;
pub mod telemetry;
pub mod users;
pub mod validate;
pub mod vietnamese;
pub mod webhooks;
