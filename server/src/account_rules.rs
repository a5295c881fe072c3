//! What a new account must be: a real email address, a name, a password
//! that is long and not common, and a place in one of Baedal's areas.

use app::error::Field;
use app::model::{AccountForm, StoreForm};
use app::ports::PortError;
use domain::{Area, Coordinates};
use email_address::EmailAddress;

use crate::passwords::{self, Weakness};

/// The longest email address SMTP carries.
const LONGEST_EMAIL: usize = 254;
const LONGEST_NAME: usize = 40;
const LONGEST_ADDRESS: usize = 100;
const LONGEST_CATEGORY: usize = 20;

/// A new account's details, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedAccount {
    /// Lower case, as every email is stored and looked up.
    pub email: String,
    pub name: String,
    pub password: String,
    pub home: (String, Coordinates),
}

/// A new store's name and category, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedStore {
    pub name: String,
    pub category: String,
    pub neighbourhood: &'static str,
}

/// Checks a form; the error names the first field that is wrong.
pub fn check_account(form: &AccountForm) -> Result<CheckedAccount, PortError> {
    let email = form.email.trim().to_lowercase();
    if email.len() > LONGEST_EMAIL || !EmailAddress::is_valid(&email) || !email.contains('.') {
        return Err(PortError::Invalid(Field::Email));
    }
    let name = plain_text(&form.name, LONGEST_NAME).ok_or(PortError::Invalid(Field::Name))?;
    let area = Area::find(form.area.trim()).ok_or(PortError::Invalid(Field::Area))?;
    let address =
        plain_text(&form.address, LONGEST_ADDRESS).ok_or(PortError::Invalid(Field::Address))?;
    let mailbox = email.split('@').next().unwrap_or_default();
    passwords::check_strength(&form.password, &[&email, mailbox, &name]).map_err(|weakness| {
        PortError::Invalid(match weakness {
            Weakness::TooShort => Field::PasswordTooShort,
            Weakness::TooLong => Field::PasswordTooLong,
            Weakness::Common => Field::PasswordCommon,
        })
    })?;
    Ok(CheckedAccount {
        email,
        name,
        password: form.password.clone(),
        home: (address, area.centre()),
    })
}

/// Checks a new store, which lies in the area of its owner's form.
pub fn check_store(store: &StoreForm, area: &str) -> Result<CheckedStore, PortError> {
    let area = Area::find(area.trim()).ok_or(PortError::Invalid(Field::Area))?;
    Ok(CheckedStore {
        name: plain_text(&store.name, LONGEST_NAME).ok_or(PortError::Invalid(Field::StoreName))?,
        category: plain_text(&store.category, LONGEST_CATEGORY)
            .ok_or(PortError::Invalid(Field::Category))?,
        neighbourhood: area.name_ko,
    })
}

/// Trimmed text of 1 to `longest` characters with no control characters.
fn plain_text(text: &str, longest: usize) -> Option<String> {
    let trimmed = text.trim();
    let length = trimmed.chars().count();
    let plain = (1..=longest).contains(&length) && !trimmed.chars().any(char::is_control);
    plain.then(|| trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> AccountForm {
        AccountForm {
            email: " Minji.Kim@Example.com ".into(),
            name: "김민지".into(),
            password: "blue-kimchi-bicycle-42".into(),
            area: "hongdae".into(),
            address: "서울 마포구 와우산로 94".into(),
        }
    }

    fn field(form: AccountForm) -> Field {
        match check_account(&form) {
            Err(PortError::Invalid(field)) => field,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_good_form_is_checked_into_a_lower_case_email_and_the_area_centre() {
        let checked = check_account(&form()).unwrap();
        assert_eq!(checked.email, "minji.kim@example.com");
        assert_eq!(checked.home.1, Area::find("hongdae").unwrap().centre());
    }

    #[test]
    fn each_bad_field_is_named() {
        for email in [
            "",
            "no-at-sign",
            "a@b",
            "a b@example.com",
            &format!("{}@example.com", "a".repeat(250)),
        ] {
            assert_eq!(
                field(AccountForm {
                    email: email.into(),
                    ..form()
                }),
                Field::Email,
                "{email}"
            );
        }
        for name in ["", "   ", "a\u{0}b", &"가".repeat(41)] {
            assert_eq!(
                field(AccountForm {
                    name: name.into(),
                    ..form()
                }),
                Field::Name,
                "{name:?}"
            );
        }
        assert_eq!(
            field(AccountForm {
                area: "atlantis".into(),
                ..form()
            }),
            Field::Area
        );
        assert_eq!(
            field(AccountForm {
                address: "".into(),
                ..form()
            }),
            Field::Address
        );
        assert_eq!(
            field(AccountForm {
                password: "short-one".into(),
                ..form()
            }),
            Field::PasswordTooShort
        );
        assert_eq!(
            field(AccountForm {
                password: "x".repeat(200),
                ..form()
            }),
            Field::PasswordTooLong
        );
        assert_eq!(
            field(AccountForm {
                password: "password1234".into(),
                ..form()
            }),
            Field::PasswordCommon
        );
        // A password made of the account's own email is as good as known.
        assert_eq!(
            field(AccountForm {
                password: "minji.kim@example.com".into(),
                ..form()
            }),
            Field::PasswordCommon
        );
    }

    #[test]
    fn a_store_needs_a_name_and_a_category() {
        let store = StoreForm {
            name: "망원 떡볶이".into(),
            category: "분식".into(),
        };
        assert_eq!(
            check_store(&store, "hongdae").unwrap().neighbourhood,
            "홍대"
        );
        assert_eq!(
            check_store(
                &StoreForm {
                    name: "".into(),
                    ..store.clone()
                },
                "hongdae"
            ),
            Err(PortError::Invalid(Field::StoreName))
        );
        assert_eq!(
            check_store(&store, "nowhere"),
            Err(PortError::Invalid(Field::Area))
        );
    }
}
