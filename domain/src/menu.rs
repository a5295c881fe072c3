//! Dishes with option groups (size, extras), and pricing a chosen set of
//! options against them.

use serde::{Deserialize, Serialize};

use crate::{DomainError, Money, OptionId};

/// A choice and what it adds to the dish's price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DishOption {
    pub id: OptionId,
    pub name: String,
    pub price_delta: Money,
}

/// A group of choices: at least `min` and at most `max` of them are chosen.
/// `min ≥ 1` makes the group required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionGroup {
    pub name: String,
    pub min: u8,
    pub max: u8,
    pub options: Vec<DishOption>,
}

impl OptionGroup {
    /// Whether a choice from this group must be made.
    pub fn required(&self) -> bool {
        self.min > 0
    }
}

/// An option as an order records it, priced when ordered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChosenOption {
    pub id: OptionId,
    /// The group's name, such as "Size".
    pub group: String,
    pub name: String,
    pub price_delta: Money,
}

/// Checks `chosen` against a dish's option groups and prices one dish:
/// every chosen option belongs to one of the groups, none twice, each group
/// gets between its `min` and `max`. Returns the price of one and the
/// options as the order records them, in menu order.
pub fn price_with_options(
    base: Money,
    groups: &[OptionGroup],
    chosen: &[OptionId],
) -> Result<(Money, Vec<ChosenOption>), DomainError> {
    let mut seen: Vec<OptionId> = Vec::with_capacity(chosen.len());
    for id in chosen {
        if seen.contains(id) {
            return Err(DomainError::InvalidOptions);
        }
        seen.push(*id);
    }
    let known = groups
        .iter()
        .flat_map(|group| group.options.iter())
        .filter(|option| chosen.contains(&option.id))
        .count();
    if known != chosen.len() {
        return Err(DomainError::InvalidOptions);
    }
    let mut price = base;
    let mut recorded = Vec::with_capacity(chosen.len());
    for group in groups {
        let picked: Vec<&DishOption> = group
            .options
            .iter()
            .filter(|option| chosen.contains(&option.id))
            .collect();
        let count = picked.len();
        if count < usize::from(group.min) {
            return Err(DomainError::OptionRequired);
        }
        if count > usize::from(group.max) {
            return Err(DomainError::InvalidOptions);
        }
        for option in picked {
            price = price.plus(option.price_delta)?;
            recorded.push(ChosenOption {
                id: option.id,
                group: group.name.clone(),
                name: option.name.clone(),
                price_delta: option.price_delta,
            });
        }
    }
    Ok((price, recorded))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn won(amount: i64) -> Money {
        Money::won(amount).unwrap()
    }

    fn option(id: i64, name: &str, delta: i64) -> DishOption {
        DishOption {
            id: OptionId::parse(id).unwrap(),
            name: name.to_owned(),
            price_delta: won(delta),
        }
    }

    fn groups() -> Vec<OptionGroup> {
        vec![
            OptionGroup {
                name: "Size".into(),
                min: 1,
                max: 1,
                options: vec![option(1, "Regular", 0), option(2, "Large", 3_000)],
            },
            OptionGroup {
                name: "Extras".into(),
                min: 0,
                max: 2,
                options: vec![
                    option(3, "Cheese", 1_000),
                    option(4, "Egg", 500),
                    option(5, "Ham", 1_500),
                ],
            },
        ]
    }

    fn ids(raw: &[i64]) -> Vec<OptionId> {
        raw.iter().map(|id| OptionId::parse(*id).unwrap()).collect()
    }

    #[test]
    fn options_add_their_price_deltas() {
        let (price, chosen) = price_with_options(won(8_000), &groups(), &ids(&[4, 2, 3])).unwrap();
        assert_eq!(price, won(12_500));
        let names: Vec<&str> = chosen.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["Large", "Cheese", "Egg"], "in menu order");
        assert_eq!(chosen[0].group, "Size");
    }

    #[test]
    fn required_groups_unknown_duplicate_and_too_many_options_are_refused() {
        let price = |raw: &[i64]| price_with_options(won(8_000), &groups(), &ids(raw));
        assert_eq!(price(&[]), Err(DomainError::OptionRequired));
        assert_eq!(price(&[3]), Err(DomainError::OptionRequired));
        assert_eq!(price(&[1, 2]), Err(DomainError::InvalidOptions));
        assert_eq!(price(&[1, 3, 4, 5]), Err(DomainError::InvalidOptions));
        assert_eq!(price(&[1, 99]), Err(DomainError::InvalidOptions));
        assert_eq!(price(&[1, 3, 3]), Err(DomainError::InvalidOptions));
        assert!(price(&[1]).is_ok());
    }

    #[test]
    fn a_dish_without_groups_takes_no_options() {
        assert_eq!(
            price_with_options(won(5_000), &[], &[]),
            Ok((won(5_000), vec![]))
        );
        assert_eq!(
            price_with_options(won(5_000), &[], &ids(&[1])),
            Err(DomainError::InvalidOptions)
        );
    }
}
