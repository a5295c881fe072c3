//! The neighbourhoods Baedal serves. A new account that has no position of
//! its own (a customer's delivery address, a rider's base) starts from the
//! centre of the area it chose.

use crate::Coordinates;

/// A neighbourhood with its centre.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    /// A stable id, used in forms and URLs.
    pub id: &'static str,
    /// The name in Korean, which is also the name stores are listed under.
    pub name_ko: &'static str,
    pub name_en: &'static str,
    centre: Coordinates,
}

impl Area {
    /// The centre of the area.
    pub fn centre(&self) -> Coordinates {
        self.centre
    }

    /// The area with this id.
    pub fn find(id: &str) -> Option<&'static Area> {
        AREAS.iter().find(|area| area.id == id)
    }
}

/// Every area, west to east.
pub const AREAS: &[Area] = &[
    Area {
        id: "hongdae",
        name_ko: "홍대",
        name_en: "Hongdae",
        centre: Coordinates::known(37.5563, 126.9236),
    },
    Area {
        id: "jongno",
        name_ko: "종로",
        name_en: "Jongno",
        centre: Coordinates::known(37.5704, 126.9920),
    },
    Area {
        id: "itaewon",
        name_ko: "이태원",
        name_en: "Itaewon",
        centre: Coordinates::known(37.5345, 126.9946),
    },
    Area {
        id: "gangnam",
        name_ko: "강남",
        name_en: "Gangnam",
        centre: Coordinates::known(37.4979, 127.0276),
    },
    Area {
        id: "seongsu",
        name_ko: "성수",
        name_en: "Seongsu",
        centre: Coordinates::known(37.5446, 127.0557),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_area_has_a_valid_centre_and_a_unique_id() {
        for area in AREAS {
            let centre = area.centre();
            assert_eq!(
                Coordinates::parse(centre.lat(), centre.lon()),
                Ok(centre),
                "{}",
                area.id
            );
            assert_eq!(Area::find(area.id), Some(area));
        }
        let mut ids: Vec<_> = AREAS.iter().map(|a| a.id).collect();
        ids.dedup();
        assert_eq!(ids.len(), AREAS.len());
        assert_eq!(Area::find("atlantis"), None);
    }
}
