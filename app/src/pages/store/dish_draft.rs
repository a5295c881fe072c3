//! A dish as the editor holds it: text as typed, turned into a
//! [`DishForm`] and checked before anything is sent.

use domain::{MenuItemId, Money};

use crate::error::{AppError, Field};
use crate::model::{DishForm, MenuItem, OptionForm, OptionGroupForm};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct OptionDraft {
    pub name: String,
    pub price_delta: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GroupDraft {
    pub name: String,
    pub min: String,
    pub max: String,
    pub options: Vec<OptionDraft>,
}

impl Default for GroupDraft {
    fn default() -> Self {
        Self {
            name: String::new(),
            min: "0".into(),
            max: "1".into(),
            options: vec![OptionDraft::default()],
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DishDraft {
    pub id: Option<MenuItemId>,
    pub name: String,
    pub description: String,
    pub price: String,
    pub groups: Vec<GroupDraft>,
}

impl DishDraft {
    /// A dish on the menu, to edit.
    pub fn of(item: &MenuItem) -> Self {
        Self {
            id: Some(item.id),
            name: item.name.clone(),
            description: item.description.clone(),
            price: item.price.get().to_string(),
            groups: item
                .options
                .iter()
                .map(|group| GroupDraft {
                    name: group.name.clone(),
                    min: group.min.to_string(),
                    max: group.max.to_string(),
                    options: group
                        .options
                        .iter()
                        .map(|option| OptionDraft {
                            name: option.name.clone(),
                            price_delta: option.price_delta.get().to_string(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// The form to send, checked as the server checks it.
    pub fn form(&self) -> Result<DishForm, AppError> {
        let won = |text: &str, field: Field| {
            let text = text.trim().replace(',', "");
            let text = if text.is_empty() { "0" } else { text.as_str() };
            text.parse::<i64>()
                .ok()
                .and_then(|won| Money::won(won).ok())
                .ok_or_else(|| AppError::invalid(field))
        };
        let count = |text: &str| {
            text.trim()
                .parse::<u8>()
                .map_err(|_| AppError::invalid(Field::GroupChoices))
        };
        if self.price.trim().is_empty() {
            return Err(AppError::invalid(Field::Price));
        }
        let mut options = Vec::with_capacity(self.groups.len());
        for group in &self.groups {
            let mut choices = Vec::with_capacity(group.options.len());
            for option in &group.options {
                choices.push(OptionForm {
                    name: option.name.trim().to_owned(),
                    price_delta: won(&option.price_delta, Field::PriceDelta)?,
                });
            }
            options.push(OptionGroupForm {
                name: group.name.trim().to_owned(),
                min: count(&group.min)?,
                max: count(&group.max)?,
                options: choices,
            });
        }
        let form = DishForm {
            id: self.id,
            name: self.name.trim().to_owned(),
            description: self.description.trim().to_owned(),
            price: won(&self.price, Field::Price)?,
            options,
        };
        form.check().map_err(AppError::invalid)?;
        Ok(form)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> DishDraft {
        DishDraft {
            id: None,
            name: " 부대찌개 ".into(),
            description: "".into(),
            price: "18,000".into(),
            groups: vec![GroupDraft {
                name: "인분".into(),
                min: "1".into(),
                max: "1".into(),
                options: vec![
                    OptionDraft {
                        name: "2인분".into(),
                        price_delta: "".into(),
                    },
                    OptionDraft {
                        name: "3인분".into(),
                        price_delta: "8000".into(),
                    },
                ],
            }],
        }
    }

    #[test]
    fn a_draft_becomes_a_checked_form() {
        let form = draft().form().unwrap();
        assert_eq!(form.name, "부대찌개");
        assert_eq!(form.price.get(), 18_000);
        assert_eq!(form.options[0].options[0].price_delta, Money::ZERO);
        assert_eq!(form.options[0].options[1].price_delta.get(), 8_000);
    }

    #[test]
    fn bad_drafts_name_the_field() {
        let mut no_price = draft();
        no_price.price = " ".into();
        assert_eq!(no_price.form(), Err(AppError::invalid(Field::Price)));
        let mut bad_delta = draft();
        bad_delta.groups[0].options[1].price_delta = "-500".into();
        assert_eq!(bad_delta.form(), Err(AppError::invalid(Field::PriceDelta)));
        let mut bad_count = draft();
        bad_count.groups[0].max = "3".into();
        assert_eq!(
            bad_count.form(),
            Err(AppError::invalid(Field::GroupChoices))
        );
        let mut nameless = draft();
        nameless.name = "".into();
        assert_eq!(nameless.form(), Err(AppError::invalid(Field::DishName)));
    }
}
