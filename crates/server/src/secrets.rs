//! Random secrets and how they are kept: tokens of 256 random bits, stored only as SHA-256 hashes
//! (they are too random to guess, so a fast hash is enough); passwords with Argon2id.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use sha2::{Digest, Sha256};

/// Why the operating system's random source failed (it should never).
#[derive(Debug, thiserror::Error)]
#[error("no randomness available: {0}")]
pub struct RandomError(String);

/// 256 random bits as 64 hex digits.
pub fn new_token() -> Result<String, RandomError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| RandomError(e.to_string()))?;
    Ok(hex::encode(bytes))
}

/// `n` random bytes.
pub fn random_bytes(n: usize) -> Result<Vec<u8>, RandomError> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).map_err(|e| RandomError(e.to_string()))?;
    Ok(bytes)
}

/// What the database stores for a token or code.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// An Argon2id hash (PHC string) of a password, with a fresh salt.
pub fn hash_password(password: &str) -> Result<String, RandomError> {
    let salt_bytes = random_bytes(16)?;
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|e| RandomError(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| RandomError(e.to_string()))
}

/// Whether `password` matches a stored hash. With no hash (unknown account, or no password set yet)
/// it still does the work of a check, so the answer's timing does not say which emails exist.
pub fn verify_password(password: &str, stored: Option<&str>) -> bool {
    const DECOY: &str =
        "$argon2id$v=19$m=19456,t=2,p=1$c3RlYWR5ZGVjb3lzYWx0$3IrJ2dTQ9PC2cBk1v0SPnNRfFL8i4bJgZvyQRJ5nYJ8";
    let hash = stored.unwrap_or(DECOY);
    let Ok(parsed) = PasswordHash::new(hash) else { return false };
    Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok() && stored.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_256_bits_and_differ() {
        let a = new_token().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, new_token().unwrap());
        assert_eq!(hash_token(&a).len(), 64);
        assert_ne!(hash_token(&a), a);
    }

    #[test]
    fn passwords_verify_only_when_right() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", Some(&hash)));
        assert!(!verify_password("wrong horse battery", Some(&hash)));
        assert!(!verify_password("anything at all", None));
    }
}
