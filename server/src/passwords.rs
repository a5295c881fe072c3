//! Password hashing with argon2id (19 MiB, 2 passes, 1 lane) and session tokens.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::RngCore;
use sha2::{Digest, Sha256};

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password into a PHC string.
pub fn hash(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(hasher()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// Checks a password against a PHC string; a malformed hash never matches.
pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|parsed| {
            hasher()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Why a new password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weakness {
    /// Fewer than [`SHORTEST`] characters.
    TooShort,
    /// More than [`LONGEST`] characters.
    TooLong,
    /// A common password, or one an attacker's dictionary guesses early:
    /// zxcvbn's frequency lists of leaked passwords, words and names, with
    /// keyboard patterns, repeats, sequences, dates and the account's own
    /// email and name.
    Common,
}

/// The fewest characters a new password may have.
pub const SHORTEST: usize = 12;
/// The most characters a new password may have.
pub const LONGEST: usize = 128;

/// Checks a new password. `hints` are what an attacker knows of the account.
pub fn check_strength(password: &str, hints: &[&str]) -> Result<(), Weakness> {
    let length = password.chars().count();
    if length < SHORTEST {
        return Err(Weakness::TooShort);
    }
    if length > LONGEST {
        return Err(Weakness::TooLong);
    }
    if zxcvbn::zxcvbn(password, hints).score() < zxcvbn::Score::Three {
        return Err(Weakness::Common);
    }
    Ok(())
}

/// A hash of nothing anyone knows, checked for unknown emails so that a
/// wrong email takes as long as a wrong password.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash(&new_token()).unwrap_or_default())
}

/// A new random session token: 256 bits, hex.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What is stored for a token: its SHA-256, hex.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_only_its_password() {
        let phc = hash("correct horse battery").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("correct horse battery", &phc));
        assert!(!verify("correct horse battery!", &phc));
        assert!(!verify("anything", "not a hash"));
    }

    #[test]
    fn new_passwords_are_long_and_not_common() {
        assert_eq!(check_strength("kimchi-42", &[]), Err(Weakness::TooShort));
        assert_eq!(
            check_strength(&"a1-".repeat(50), &[]),
            Err(Weakness::TooLong)
        );
        for common in [
            "password1234",
            "qwertyuiop123",
            "111111111111",
            "abcdefghijkl",
            "iloveyou2024!",
        ] {
            assert_eq!(
                check_strength(common, &[]),
                Err(Weakness::Common),
                "{common}"
            );
        }
        assert_eq!(
            check_strength("minjikim1995", &["minjikim"]),
            Err(Weakness::Common)
        );
        assert_eq!(check_strength("blue-kimchi-bicycle-42", &[]), Ok(()));
        // Characters, not bytes: twelve Hangul syllables are long enough.
        assert_eq!(check_strength("배달의민족보다빠른우리동네", &[]), Ok(()));
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(token_hash(&a), a);
        assert_eq!(token_hash(&a), token_hash(&a));
    }
}
