//! The store's counter: settings, dishes, coupons and the day's figures.

use domain::{MenuItemId, Money, OpeningHours, PrepMinutes, StoreId};
use serde::{Deserialize, Serialize};

use super::catalogue::{RankedDish, Review, StoreCard};
use crate::error::Field;

/// A store's figures for one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SalesFigures {
    pub store: StoreId,
    pub store_name: String,
    /// Paid orders.
    pub orders: i64,
    pub delivered: i64,
    /// The totals of delivered orders.
    pub revenue: Money,
    pub cancelled: i64,
    pub rejected: i64,
    /// From acceptance to ready, rounded to minutes.
    pub average_prep_minutes: Option<i64>,
}

impl SalesFigures {
    /// A day without orders.
    pub fn empty(store: StoreId, store_name: String) -> Self {
        Self {
            store,
            store_name,
            orders: 0,
            delivered: 0,
            revenue: Money::ZERO,
            cancelled: 0,
            rejected: 0,
            average_prep_minutes: None,
        }
    }
}

/// The first store of a new store owner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreForm {
    pub name: String,
    pub category: String,
}

/// How a store takes orders, as its owner sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreSettings {
    /// Taking orders at all; off closes the store whatever its hours.
    pub accepting: bool,
    pub hours: OpeningHours,
    pub delivery_fee: Money,
    pub min_order: Money,
    /// How far from the store it delivers, in metres.
    pub delivery_radius_m: u32,
    /// Accept paid orders at once with this estimate.
    pub auto_accept: Option<PrepMinutes>,
}

impl StoreSettings {
    /// The delivery radii an owner may set, in metres.
    pub const DELIVERY_RADIUS_M: std::ops::RangeInclusive<u32> = 500..=20_000;
}

/// A choice of an option group as the owner edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionForm {
    pub name: String,
    pub price_delta: Money,
}

/// An option group as the owner edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionGroupForm {
    pub name: String,
    pub min: u8,
    pub max: u8,
    pub options: Vec<OptionForm>,
}

/// A dish as the owner adds or edits it; `id` names the dish edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DishForm {
    pub id: Option<MenuItemId>,
    pub name: String,
    pub description: String,
    pub price: Money,
    pub options: Vec<OptionGroupForm>,
}

impl DishForm {
    /// The most option groups of one dish.
    pub const MAX_GROUPS: usize = 10;
    /// The most choices of one group.
    pub const MAX_OPTIONS: usize = 20;

    /// Checks names and counts; the name of the first field that fails.
    pub fn check(&self) -> Result<(), Field> {
        let text_ok = |text: &str, min: usize, max: usize| {
            let length = text.trim().chars().count();
            (min..=max).contains(&length) && !text.chars().any(char::is_control)
        };
        if !text_ok(&self.name, 1, 60) {
            return Err(Field::DishName);
        }
        if !text_ok(&self.description, 0, 200) {
            return Err(Field::Description);
        }
        if self.options.len() > Self::MAX_GROUPS {
            return Err(Field::OptionGroups);
        }
        for group in &self.options {
            if !text_ok(&group.name, 1, 30) {
                return Err(Field::GroupName);
            }
            let count = group.options.len();
            let choices = usize::from(group.min) <= usize::from(group.max)
                && group.max >= 1
                && usize::from(group.max) <= count;
            if count == 0 || count > Self::MAX_OPTIONS || !choices {
                return Err(Field::GroupChoices);
            }
            if group
                .options
                .iter()
                .any(|option| !text_ok(&option.name, 1, 40))
            {
                return Err(Field::OptionName);
            }
        }
        Ok(())
    }
}

/// A coupon just issued: the code customers type, and how many were told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedCoupon {
    pub code: String,
    pub notified: u32,
}

/// A store's counter dashboard: today's figures, the week's top dishes and
/// the latest reviews, with the owner's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub store: StoreCard,
    pub settings: StoreSettings,
    pub today: SalesFigures,
    /// The most delivered dishes of the last seven days.
    pub top_dishes: Vec<RankedDish>,
    pub reviews: Vec<Review>,
}

#[cfg(test)]
mod dish_form_tests {
    use super::*;

    fn dish() -> DishForm {
        DishForm {
            id: None,
            name: "부대찌개".into(),
            description: "".into(),
            price: Money::won(18_000).unwrap(),
            options: vec![OptionGroupForm {
                name: "인분".into(),
                min: 1,
                max: 1,
                options: vec![OptionForm {
                    name: "2인분".into(),
                    price_delta: Money::ZERO,
                }],
            }],
        }
    }

    #[test]
    fn dish_forms_are_checked() {
        assert_eq!(dish().check(), Ok(()));
        let mut blank = dish();
        blank.name = "  ".into();
        assert_eq!(blank.check(), Err(Field::DishName));
        let mut too_many = dish();
        too_many.options[0].max = 2;
        assert_eq!(too_many.check(), Err(Field::GroupChoices));
        let mut backwards = dish();
        backwards.options[0].min = 2;
        assert_eq!(backwards.check(), Err(Field::GroupChoices));
        let mut empty = dish();
        empty.options[0].options.clear();
        assert_eq!(empty.check(), Err(Field::GroupChoices));
        let mut nameless = dish();
        nameless.options[0].options[0].name = "".into();
        assert_eq!(nameless.check(), Err(Field::OptionName));
    }
}
