//! The lock's cryptography, done by the browser's Web Crypto (`SubtleCrypto`), so no crypto code ships in
//! the `.wasm`.
//!
//! A random AES-GCM 256 data key encrypts the records. It is kept wrapped (AES-GCM) by a key derived from
//! the person's PIN or passphrase with PBKDF2-SHA256, with a random salt and the rounds calibrated on the
//! phone; salt, rounds and wrapped key are stored together ([`WrappedKey`]). The data key in memory is
//! non-extractable: it is made extractable only for the moment it is wrapped (when the lock is set, and
//! when the PIN changes, which re-wraps the key and leaves the data as it is). A wrong PIN derives a
//! different wrapping key, so unwrapping fails its authentication check: that is how a wrong PIN is told.

use js_sys::{Array, Object, Promise, Uint8Array};
use serde::{Deserialize, Serialize};
use steady_domain::lock::Secret;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesDerivedKeyParams, AesGcmParams, AesKeyGenParams, CryptoKey, Pbkdf2Params, SubtleCrypto};

const AES: &str = "AES-GCM";
const IV_BYTES: usize = 12;
const SALT_BYTES: usize = 16;

/// Why a crypto step failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CryptoError {
    #[error("That PIN or passphrase is not right.")]
    WrongSecret,
    #[error("This browser could not encrypt or decrypt: {0}")]
    Failed(String),
}

/// The key records are encrypted with, usable only in this page's memory.
#[derive(Debug, Clone, PartialEq)]
pub struct DataKey(CryptoKey);

/// The data key as stored: wrapped by the PIN's key, with what is needed to derive that key again.
/// Nothing in it is personal, and none of it opens the data without the PIN.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WrappedKey {
    pub salt: Vec<u8>,
    pub iterations: u32,
    pub iv: Vec<u8>,
    pub wrapped: Vec<u8>,
}

fn subtle() -> SubtleCrypto {
    gloo::utils::window().crypto().expect("Web Crypto is available in a secure context").subtle()
}

fn failed(e: JsValue) -> CryptoError {
    CryptoError::Failed(format!("{e:?}"))
}

async fn settle(promise: Result<Promise, JsValue>) -> Result<JsValue, CryptoError> {
    JsFuture::from(promise.map_err(failed)?).await.map_err(failed)
}

fn usages(names: &[&str]) -> JsValue {
    names.iter().map(|n| JsValue::from_str(n)).collect::<Array>().into()
}

fn bytes(buffer: &JsValue) -> Vec<u8> {
    Uint8Array::new(buffer).to_vec()
}

/// `n` random bytes from the browser's cryptographic random source.
pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut out = vec![0u8; n];
    let crypto = gloo::utils::window().crypto().expect("Web Crypto is available in a secure context");
    crypto.get_random_values_with_u8_array(&mut out).expect("random values");
    out
}

fn gcm(iv: &[u8], associated: &[u8]) -> AesGcmParams {
    let params = AesGcmParams::new_with_u8_array(AES, &Uint8Array::from(iv));
    if !associated.is_empty() {
        params.set_additional_data_u8_array(&Uint8Array::from(associated));
    }
    params
}

async fn pbkdf2_base(secret: &str) -> Result<CryptoKey, CryptoError> {
    let raw = Uint8Array::from(secret.as_bytes());
    let key = settle(subtle().import_key_with_str("raw", &raw, "PBKDF2", false, &usages(&["deriveKey", "deriveBits"])))
        .await?;
    Ok(key.unchecked_into())
}

fn pbkdf2(salt: &[u8], iterations: u32) -> Pbkdf2Params {
    Pbkdf2Params::new_with_str("PBKDF2", "SHA-256", iterations, &Uint8Array::from(salt))
}

/// The key that wraps the data key, derived from the secret.
async fn wrapping_key(secret: &Secret, salt: &[u8], iterations: u32) -> Result<CryptoKey, CryptoError> {
    let base = pbkdf2_base(secret.as_str()).await?;
    let derived = subtle().derive_key_with_object_and_object(
        &pbkdf2(salt, iterations),
        &base,
        &AesDerivedKeyParams::new(AES, 256),
        false,
        &usages(&["wrapKey", "unwrapKey"]),
    );
    Ok(settle(derived).await?.unchecked_into())
}

async fn wrap(key: &CryptoKey, secret: &Secret, iterations: u32) -> Result<WrappedKey, CryptoError> {
    let salt = random_bytes(SALT_BYTES);
    let iv = random_bytes(IV_BYTES);
    let wrapping = wrapping_key(secret, &salt, iterations).await?;
    let wrapped = settle(subtle().wrap_key_with_object("raw", key, &wrapping, &gcm(&iv, &[]))).await?;
    Ok(WrappedKey { salt, iterations, iv, wrapped: bytes(&wrapped) })
}

async fn unwrap_as(secret: &Secret, stored: &WrappedKey, extractable: bool) -> Result<CryptoKey, CryptoError> {
    let wrapping = wrapping_key(secret, &stored.salt, stored.iterations).await?;
    let unwrapped = subtle().unwrap_key_with_js_u8_array_and_object_and_str(
        "raw",
        &Uint8Array::from(stored.wrapped.as_slice()),
        &wrapping,
        &gcm(&stored.iv, &[]),
        AES,
        extractable,
        &usages(&["encrypt", "decrypt"]),
    );
    match JsFuture::from(unwrapped.map_err(failed)?).await {
        Ok(key) => Ok(key.unchecked_into()),
        // The browser says only "OperationError" when the authentication check fails: a wrong secret.
        Err(e)
            if js_sys::Reflect::get(&e, &"name".into()).ok().and_then(|n| n.as_string()).as_deref()
                == Some("OperationError") =>
        {
            Err(CryptoError::WrongSecret)
        }
        Err(e) => Err(failed(e)),
    }
}

/// A new random data key, and it wrapped by `secret` with `iterations` rounds.
pub async fn new_data_key(secret: &Secret, iterations: u32) -> Result<(DataKey, WrappedKey), CryptoError> {
    let generated =
        subtle().generate_key_with_object(&AesKeyGenParams::new(AES, 256), true, &usages(&["encrypt", "decrypt"]));
    let extractable: CryptoKey = settle(generated).await?.unchecked_into();
    let wrapped = wrap(&extractable, secret, iterations).await?;
    // Use a non-extractable copy from now on; the extractable one is dropped here.
    let key = unwrap_as(secret, &wrapped, false).await?;
    Ok((DataKey(key), wrapped))
}

/// The data key, if `secret` is the one it was wrapped with.
pub async fn unwrap(secret: &Secret, stored: &WrappedKey) -> Result<DataKey, CryptoError> {
    unwrap_as(secret, stored, false).await.map(DataKey)
}

/// The same data key wrapped by a new secret (a new salt, `iterations` rounds); the data is untouched.
pub async fn rewrap(
    old: &Secret,
    stored: &WrappedKey,
    new: &Secret,
    iterations: u32,
) -> Result<WrappedKey, CryptoError> {
    let key = unwrap_as(old, stored, true).await?;
    wrap(&key, new, iterations).await
}

/// Starts encrypting `plain` with a fresh random IV; `associated` is authenticated but not stored.
/// The answer is the IV followed by the ciphertext.
pub fn encrypt(key: &DataKey, associated: &[u8], plain: &[u8]) -> Result<Sealing, CryptoError> {
    let iv = random_bytes(IV_BYTES);
    let promise = subtle().encrypt_with_object_and_u8_array(&gcm(&iv, associated), &key.0, plain);
    Ok(Sealing { prefix: iv, pending: JsFuture::from(promise.map_err(failed)?) })
}

/// Starts decrypting what [`encrypt`] made. Started operations run side by side in the browser, so a
/// caller with many records starts them all, then awaits each.
pub fn decrypt(key: &DataKey, associated: &[u8], sealed: &[u8]) -> Result<Sealing, CryptoError> {
    if sealed.len() < IV_BYTES {
        return Err(CryptoError::Failed("too short to be encrypted".into()));
    }
    let (iv, body) = sealed.split_at(IV_BYTES);
    let promise = subtle().decrypt_with_object_and_u8_array(&gcm(iv, associated), &key.0, body);
    Ok(Sealing { prefix: Vec::new(), pending: JsFuture::from(promise.map_err(failed)?) })
}

/// An encryption or decryption under way in the browser.
pub struct Sealing {
    prefix: Vec<u8>,
    pending: JsFuture,
}

impl Sealing {
    pub async fn finish(self) -> Result<Vec<u8>, CryptoError> {
        let out = self.pending.await.map_err(failed)?;
        let mut all = self.prefix;
        all.extend(bytes(&out));
        Ok(all)
    }
}

/// How long, in milliseconds, this phone takes to derive a key with `iterations` PBKDF2 rounds.
pub async fn derivation_ms(iterations: u32) -> Result<f64, CryptoError> {
    let base = pbkdf2_base("calibration").await?;
    let started = js_sys::Date::now();
    settle(subtle().derive_bits_with_object(&Object::from(pbkdf2(&random_bytes(SALT_BYTES), iterations)), &base, 256))
        .await?;
    Ok(js_sys::Date::now() - started)
}
