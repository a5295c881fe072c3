//! The languages Baedal speaks, and how each writes money and distance.

use domain::Money;
use serde::{Deserialize, Serialize};

/// A language Baedal speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    Ko,
    En,
}

impl Lang {
    /// The BCP 47 code, for `<html lang>` and the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }

    /// Parses a code, ignoring region and case.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "ko" => Some(Lang::Ko),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The first supported language of an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        header
            .split(',')
            .filter_map(|part| part.split(';').next())
            .find_map(Lang::from_code)
    }

    /// Formats won the way this language writes it.
    pub fn money(self, amount: Money) -> String {
        match self {
            Lang::Ko => amount.format_ko(),
            Lang::En => amount.format_en(),
        }
    }

    /// A distance: metres below one kilometre, else kilometres with one decimal.
    pub fn distance(self, metres: u32) -> String {
        if metres < 1_000 {
            format!("{metres} m")
        } else {
            format!("{:.1} km", f64::from(metres) / 1_000.0)
        }
    }
}
