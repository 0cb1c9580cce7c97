//! Integration tests: the real application over HTTP, every API test on SQLite and PostgreSQL.

mod helpers;

mod actions;
mod actions_admin;
mod agencies;
mod alerts;
mod attachments;
mod audit;
mod auth;
mod codes;
mod contract;
mod crash;
mod directives;
mod effective;
mod excel;
mod imports;
mod indicators;
mod mail;
mod matrix;
mod merge;
mod national_map;
mod oidc;
mod operations;
mod pentest;
mod reorganisation;
mod reporting;
mod scale;
mod scaleout;
mod search;
mod security_auth;
mod sessions;
mod splits;
mod supervision;
mod tasks;
mod totp;
mod users;
