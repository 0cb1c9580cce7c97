//! The national map as data: the 34 provinces and 3,321 commune-level units (2,621 communes, 687
//! wards, 13 special zones) in force since 1 July 2025, with the state's official codes and names,
//! shipped in `api/data/administrative-units-2025.csv` (from the General Statistics Office's list of
//! administrative units; docs/reorganisation.md says how the file was made and how to renew it).
//!
//! `restrack seed map` records it through the agency service ([`super::handlers::create_in`],
//! [`super::handlers::update_in`]), so every unit it adds is audited like one entered by hand. It
//! may run on any database, more than once: a unit whose official code is already recorded is
//! left as it is; an active province (under the root) or commune-level unit (under its province)
//! of the same name without a code gets the code; any other unit is created with the official
//! code as its code, established on 1 July 2025.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;

use super::handlers::{create_in, update_in, CreateAgency, UpdateAgency};
use super::{AgencyKind, AgencyStatus};
use crate::auth::Caller;
use crate::db::schema::agencies;
use crate::db::DbConn;
use crate::error::ApiError;

/// The data file, in the binary (about 130 kB).
const DATA: &str = include_str!("../../data/administrative-units-2025.csv");

/// The day the two-level local government took effect.
pub fn reform_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 7, 1).expect("1 July 2025")
}

/// One administrative unit of the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Two digits for a province (`01`), five for a commune-level unit (`00004`).
    pub official_code: String,
    pub name: String,
    /// As the state names the level: `tỉnh`, `thành phố trung ương`, `xã`, `phường`, `đặc khu`.
    pub unit_type: String,
    /// The province of a commune-level unit; `None` for a province.
    pub province_code: Option<String>,
}

impl Unit {
    pub fn kind(&self) -> AgencyKind {
        if self.province_code.is_some() {
            AgencyKind::Commune
        } else {
            AgencyKind::Province
        }
    }
}

/// The units of the shipped file, provinces first, each in the file's order (by official code).
pub fn units() -> Vec<Unit> {
    let mut reader = csv::ReaderBuilder::new().from_reader(DATA.as_bytes());
    let mut out: Vec<Unit> = reader
        .records()
        .map(|r| {
            let r = r.expect("the shipped map is valid CSV");
            let level = &r[0];
            Unit {
                official_code: r[1].to_string(),
                name: r[2].to_string(),
                unit_type: r[3].to_string(),
                province_code: (level == "commune").then(|| r[4].to_string()),
            }
        })
        .collect();
    out.sort_by_key(|u| u.province_code.is_some());
    out
}

/// What [`load`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Loaded {
    /// Units created.
    pub created: usize,
    /// Existing units (by name) that got their official code.
    pub coded: usize,
    /// Units whose official code was already recorded.
    pub present: usize,
}

/// An agency the map may match: (id, code, official code, name, kind, parent).
type Known = (
    String,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
);

/// Records the national map under `root` (the national root agency) as `caller` (an administrator
/// of the root), in the caller's transaction.
pub fn load(conn: &mut DbConn, caller: &Caller, root: &str) -> Result<Loaded, ApiError> {
    load_where(conn, caller, root, |_| true)
}

/// [`load`] for the units `wanted` keeps (the demo takes every province and a few communes of
/// each). A commune is only recorded if its province is on the map already or kept.
pub fn load_where(
    conn: &mut DbConn,
    caller: &Caller,
    root: &str,
    mut wanted: impl FnMut(&Unit) -> bool,
) -> Result<Loaded, ApiError> {
    let known: Vec<Known> = agencies::table
        .filter(agencies::status.eq(AgencyStatus::Active.as_str()))
        .select((
            agencies::id,
            agencies::code,
            agencies::official_code,
            agencies::name,
            agencies::kind,
            agencies::parent_id,
        ))
        .load(conn)?;
    let mut by_official: HashMap<String, String> = agencies::table
        .filter(agencies::official_code.is_not_null())
        .select((agencies::official_code.assume_not_null(), agencies::id))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let mut codes: std::collections::HashSet<String> = agencies::table
        .select(agencies::code)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    // Uncoded active agencies by (parent, kind, name): where a unit of the map may already be.
    let mut by_name: HashMap<(String, String, String), String> = HashMap::new();
    for (id, _, official, name, kind, parent) in known {
        if let (None, Some(parent)) = (official, parent) {
            by_name.insert((parent, kind, name), id);
        }
    }
    let mut loaded = Loaded::default();
    for unit in units().into_iter().filter(|u| wanted(u)) {
        if by_official.contains_key(&unit.official_code) {
            loaded.present += 1;
            continue;
        }
        let parent = match &unit.province_code {
            None => root.to_string(),
            Some(province) => match by_official.get(province) {
                Some(id) => id.clone(),
                // Its province was not kept: nothing to record it under.
                None => continue,
            },
        };
        let kind = unit.kind();
        let key = (parent.clone(), kind.as_str().to_string(), unit.name.clone());
        let id = if let Some(id) = by_name.remove(&key) {
            update_in(
                conn,
                caller,
                &id,
                UpdateAgency {
                    code: None,
                    official_code: Some(unit.official_code.clone()),
                    name: None,
                    kind: None,
                    parent_id: None,
                    sector_ministry_id: None,
                },
                None,
            )?;
            loaded.coded += 1;
            id
        } else {
            // The official code is the internal code too, unless an agency already uses it.
            let code = if codes.contains(&unit.official_code) {
                format!("DVHC-{}", unit.official_code)
            } else {
                unit.official_code.clone()
            };
            let row = create_in(
                conn,
                caller,
                CreateAgency {
                    code: code.clone(),
                    official_code: Some(unit.official_code.clone()),
                    name: unit.name.clone(),
                    kind,
                    parent_id: parent,
                    established_on: Some(reform_day()),
                    sector_ministry_id: None,
                },
            )?;
            codes.insert(code);
            loaded.created += 1;
            row.id
        };
        by_official.insert(unit.official_code, id);
    }
    Ok(loaded)
}

/// `restrack seed map`: bootstraps an empty database (root agency and `admin`), then records the
/// map as `admin` in one transaction (all or nothing).
pub fn seed(
    conn: &mut DbConn,
    admin_password: Option<&str>,
) -> Result<(crate::bootstrap::Bootstrap, Loaded), ApiError> {
    use crate::bootstrap::{self, ADMIN_USERNAME, ROOT_CODE};
    let bootstrapped = bootstrap::ensure(conn, admin_password)?;
    let loaded = crate::db::write_transaction(conn, |c| {
        let admin = Caller::of_user(c, ADMIN_USERNAME)?;
        let root: String = agencies::table
            .filter(agencies::code.eq(ROOT_CODE))
            .select(agencies::id)
            .first(c)?;
        crate::aggregates::deferred(c, |c| load(c, &admin, &root))
    })?;
    Ok((bootstrapped, loaded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_map_is_the_country_since_the_reform() {
        let units = units();
        let provinces: Vec<&Unit> = units.iter().filter(|u| u.province_code.is_none()).collect();
        assert_eq!(provinces.len(), 34);
        let count = |t: &str| units.iter().filter(|u| u.unit_type == t).count();
        assert_eq!(count("xã"), 2621);
        assert_eq!(count("phường"), 687);
        assert_eq!(count("đặc khu"), 13);
        assert_eq!(units.len(), 34 + 3321);
        // Codes are unique, two digits for provinces and five for communes, and every commune's
        // province is on the map.
        let mut seen = std::collections::HashSet::new();
        for u in &units {
            assert!(seen.insert(u.official_code.clone()), "{}", u.official_code);
            let digits = if u.province_code.is_some() { 5 } else { 2 };
            assert_eq!(u.official_code.len(), digits, "{}", u.official_code);
            assert!(u.official_code.chars().all(|c| c.is_ascii_digit()));
            if let Some(p) = &u.province_code {
                assert!(provinces.iter().any(|q| &q.official_code == p), "{p}");
            }
        }
        let hanoi = units.iter().find(|u| u.official_code == "01").unwrap();
        assert_eq!(hanoi.name, "Thành phố Hà Nội");
        assert_eq!(
            units
                .iter()
                .filter(|u| u.province_code.as_deref() == Some("01"))
                .count(),
            126
        );
        let ba_dinh = units.iter().find(|u| u.official_code == "00004").unwrap();
        assert_eq!(ba_dinh.name, "Phường Ba Đình");
    }
}
