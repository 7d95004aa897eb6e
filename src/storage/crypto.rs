//! The lock's cryptography, done by the browser's Web Crypto (`SubtleCrypto`), so no crypto code ships in
//! the `.wasm`.
//!
//! A random AES-GCM 256 data key encrypts the records. It is kept wrapped (AES-GCM) by a key derived from
//! the person's PIN or passphrase with PBKDF2-SHA256, with a random salt and the rounds calibrated on the
//! phone; salt, rounds and wrapped key are stored together ([`WrappedKey`]). The data key in memory is
//! non-extractable: it is made extractable only for the moment it is wrapped (when the lock is set, and
//! when the PIN changes, which re-wraps the key and leaves the data as it is). A wrong PIN derives a
//! different wrapping key, so unwrapping fails its authentication check: that is how a wrong PIN is told.
//!
//! Unlocking with the phone's fingerprint or face wraps the same data key a second time ([`PasskeyWrap`]),
//! by a key derived with HKDF-SHA256 from what the phone's authenticator answers for a passkey and a
//! stored random salt (WebAuthn's `prf` extension). Either wrap opens the data; neither knows the other.

use js_sys::{Array, Object, Promise, Uint8Array};
use steady_domain::lock::Secret;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesDerivedKeyParams, AesGcmParams, AesKeyGenParams, CryptoKey, HkdfParams, Pbkdf2Params, SubtleCrypto};

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

/// The key records are encrypted with, usable only in this page's memory, and the salt of the PIN's wrap
/// it was opened through: a stored wrap with another salt (the lock set again, or the PIN changed, in
/// another tab) may not be this key's.
#[derive(Debug, Clone, PartialEq)]
pub struct DataKey {
    key: CryptoKey,
    wrap_salt: Vec<u8>,
}

impl DataKey {
    /// The data key `key`, opened through the PIN's wrap `stored` (see [`unwrap_as`]).
    pub fn opened(key: CryptoKey, stored: &WrappedKey) -> Self {
        DataKey { key, wrap_salt: stored.salt.clone() }
    }

    /// Whether `stored` is the wrap this key was opened through.
    pub fn belongs_to(&self, stored: &WrappedKey) -> bool {
        self.wrap_salt == stored.salt
    }

    /// The same key, after this tab wrapped it again as `stored` (a new PIN).
    pub fn rewrapped(self, stored: &WrappedKey) -> Self {
        DataKey { wrap_salt: stored.salt.clone(), ..self }
    }
}

/// The data key as stored: wrapped by the PIN's key, with what is needed to derive that key again.
/// Nothing in it is personal, and none of it opens the data without the PIN.
#[derive(Debug, Clone, PartialEq)]
pub struct WrappedKey {
    pub salt: Vec<u8>,
    pub iterations: u32,
    pub iv: Vec<u8>,
    pub wrapped: Vec<u8>,
}

/// The data key wrapped a second time, for unlocking with the phone's fingerprint or face: the passkey
/// (its credential id), the salt its `prf` output is asked for, and the wrapped key. None of it opens
/// the data without the phone's authenticator, which answers only after checking the person.
#[derive(Debug, Clone, PartialEq)]
pub struct PasskeyWrap {
    pub credential: Vec<u8>,
    pub salt: Vec<u8>,
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

fn gcm(iv: &Uint8Array, associated: &[u8]) -> AesGcmParams {
    let params = AesGcmParams::new(AES, iv);
    if !associated.is_empty() {
        params.set_additional_data_u8_array(&Uint8Array::from(associated));
    }
    params
}

fn iv_of(bytes: &[u8]) -> Uint8Array {
    Uint8Array::from(bytes)
}

/// `raw` as a key to derive others from with `algorithm` (PBKDF2 or HKDF).
async fn base_key(raw: &[u8], algorithm: &str) -> Result<CryptoKey, CryptoError> {
    let raw = Uint8Array::from(raw);
    let usages = usages(&["deriveKey", "deriveBits"]);
    Ok(settle(subtle().import_key_with_str("raw", &raw, algorithm, false, &usages)).await?.unchecked_into())
}

/// A key that wraps the data key, derived from `raw` with `algorithm` and its `params`: the PIN's
/// (PBKDF2) and the passkey's (HKDF) share this.
async fn derived_wrapping_key(raw: &[u8], algorithm: &str, params: &Object) -> Result<CryptoKey, CryptoError> {
    let base = base_key(raw, algorithm).await?;
    let derived = subtle().derive_key_with_object_and_object(
        params,
        &base,
        &AesDerivedKeyParams::new(AES, 256),
        false,
        &usages(&["wrapKey", "unwrapKey"]),
    );
    Ok(settle(derived).await?.unchecked_into())
}

fn pbkdf2(salt: &[u8], iterations: u32) -> Pbkdf2Params {
    Pbkdf2Params::new_with_str("PBKDF2", "SHA-256", iterations, &Uint8Array::from(salt))
}

/// The key that wraps the data key, derived from the secret.
async fn wrapping_key(secret: &Secret, salt: &[u8], iterations: u32) -> Result<CryptoKey, CryptoError> {
    derived_wrapping_key(secret.as_str().as_bytes(), "PBKDF2", &pbkdf2(salt, iterations)).await
}

/// `key` wrapped by `wrapping` under a fresh random IV: (IV, wrapped key).
async fn wrap_with(key: &CryptoKey, wrapping: &CryptoKey) -> Result<(Vec<u8>, Vec<u8>), CryptoError> {
    let iv = random_bytes(IV_BYTES);
    let wrapped = settle(subtle().wrap_key_with_object("raw", key, wrapping, &gcm(&iv_of(&iv), &[]))).await?;
    Ok((iv, bytes(&wrapped)))
}

/// `key` wrapped by `secret` with a new salt and `iterations` rounds.
pub async fn wrap(key: &CryptoKey, secret: &Secret, iterations: u32) -> Result<WrappedKey, CryptoError> {
    let salt = random_bytes(SALT_BYTES);
    let (iv, wrapped) = wrap_with(key, &wrapping_key(secret, &salt, iterations).await?).await?;
    Ok(WrappedKey { salt, iterations, iv, wrapped })
}

/// The data key, if `wrapping` is the key it was wrapped with.
async fn unwrap_with(
    wrapping: &CryptoKey,
    iv: &[u8],
    wrapped: &[u8],
    extractable: bool,
) -> Result<CryptoKey, CryptoError> {
    let unwrapped = subtle().unwrap_key_with_js_u8_array_and_object_and_str(
        "raw",
        &Uint8Array::from(wrapped),
        wrapping,
        &gcm(&iv_of(iv), &[]),
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

/// The data key, if `secret` is the one it was wrapped with ([`CryptoError::WrongSecret`] if not):
/// extractable only to be wrapped again at once (a new PIN, or a passkey), never to be kept.
pub async fn unwrap_as(secret: &Secret, stored: &WrappedKey, extractable: bool) -> Result<CryptoKey, CryptoError> {
    let wrapping = wrapping_key(secret, &stored.salt, stored.iterations).await?;
    unwrap_with(&wrapping, &stored.iv, &stored.wrapped, extractable).await
}

/// The key that wraps the data key for a passkey: HKDF-SHA256 of the authenticator's `prf` output.
async fn passkey_key(prf: &[u8], salt: &[u8]) -> Result<CryptoKey, CryptoError> {
    let params =
        HkdfParams::new_with_str("HKDF", "SHA-256", &Uint8Array::from(&b"steady lock"[..]), &Uint8Array::from(salt));
    derived_wrapping_key(prf, "HKDF", &params).await
}

/// A new random data key, and it wrapped by `secret` with `iterations` rounds.
pub async fn new_data_key(secret: &Secret, iterations: u32) -> Result<(DataKey, WrappedKey), CryptoError> {
    let generated =
        subtle().generate_key_with_object(&AesKeyGenParams::new(AES, 256), true, &usages(&["encrypt", "decrypt"]));
    let extractable: CryptoKey = settle(generated).await?.unchecked_into();
    let wrapped = wrap(&extractable, secret, iterations).await?;
    // Use a non-extractable copy from now on; the extractable one is dropped here.
    let key = unwrap_as(secret, &wrapped, false).await?;
    Ok((DataKey::opened(key, &wrapped), wrapped))
}

/// The data key wrapped for the passkey `credential`, by the key derived from its `prf` output for `salt`.
pub async fn wrap_for_passkey(
    key: &CryptoKey,
    credential: Vec<u8>,
    salt: Vec<u8>,
    prf: &[u8],
) -> Result<PasskeyWrap, CryptoError> {
    let (iv, wrapped) = wrap_with(key, &passkey_key(prf, &salt).await?).await?;
    Ok(PasskeyWrap { credential, salt, iv, wrapped })
}

/// The data key, if `prf` is what the passkey's authenticator answers for the stored salt
/// ([`CryptoError::WrongSecret`] if not); `pin_wrap` is the PIN's wrap of the same key.
pub async fn unwrap_with_passkey(
    stored: &PasskeyWrap,
    prf: &[u8],
    pin_wrap: &WrappedKey,
) -> Result<DataKey, CryptoError> {
    let wrapping = passkey_key(prf, &stored.salt).await?;
    let key = unwrap_with(&wrapping, &stored.iv, &stored.wrapped, false).await?;
    Ok(DataKey::opened(key, pin_wrap))
}

/// Encrypts each plaintext (bytes held by the browser) under a fresh random IV, all side by side;
/// `associated` data is authenticated but not stored. Each answer is the IV followed by the ciphertext.
/// The bytes stay in the browser: 10,000 records cost 10,000 calls, not 10,000 copies into the `.wasm`.
pub async fn encrypt_all(key: &DataKey, items: &[(Vec<u8>, Uint8Array)]) -> Result<Vec<Uint8Array>, CryptoError> {
    let ivs = Uint8Array::from(random_bytes(IV_BYTES * items.len()).as_slice());
    let iv = |i: usize| ivs.subarray((i * IV_BYTES) as u32, ((i + 1) * IV_BYTES) as u32);
    let promises = Array::new();
    for (i, (associated, plain)) in items.iter().enumerate() {
        let started = subtle().encrypt_with_object_and_buffer_source(&gcm(&iv(i), associated), &key.key, plain);
        promises.push(&started.map_err(failed)?.into());
    }
    let done: Array = JsFuture::from(Promise::all(&promises)).await.map_err(failed)?.unchecked_into();
    Ok(done
        .iter()
        .enumerate()
        .map(|(i, ciphertext)| {
            let ciphertext = Uint8Array::new(&ciphertext);
            let sealed = Uint8Array::new_with_length(IV_BYTES as u32 + ciphertext.length());
            sealed.set(&iv(i), 0);
            sealed.set(&ciphertext, IV_BYTES as u32);
            sealed
        })
        .collect())
}

/// Decrypts what [`encrypt_all`] made, all side by side: each one's plaintext (an `ArrayBuffer`), or why
/// it could not be decrypted (a record that fails stays unreadable alone).
pub async fn decrypt_all(key: &DataKey, items: &[(Vec<u8>, Uint8Array)]) -> Vec<Result<JsValue, String>> {
    let promises = Array::new();
    for (associated, sealed) in items {
        let started = if sealed.length() < IV_BYTES as u32 {
            Err(JsValue::from_str("too short to be encrypted"))
        } else {
            let (iv, body) = (sealed.subarray(0, IV_BYTES as u32), sealed.subarray(IV_BYTES as u32, sealed.length()));
            subtle().decrypt_with_object_and_buffer_source(&gcm(&iv, associated), &key.key, &body)
        };
        promises.push(&started.unwrap_or_else(|e| Promise::reject(&e)).into());
    }
    let settled: Array = match JsFuture::from(Promise::all_settled(&promises)).await {
        Ok(settled) => settled.unchecked_into(),
        Err(e) => return items.iter().map(|_| Err(format!("{e:?}"))).collect(),
    };
    settled
        .iter()
        .map(|outcome| {
            let field = |name: &str| js_sys::Reflect::get(&outcome, &name.into()).unwrap_or(JsValue::UNDEFINED);
            if field("status").as_string().as_deref() == Some("fulfilled") {
                Ok(field("value"))
            } else {
                Err(format!("{:?}", field("reason")))
            }
        })
        .collect()
}

/// How long, in milliseconds, this phone takes to derive a key with `iterations` PBKDF2 rounds.
pub async fn derivation_ms(iterations: u32) -> Result<f64, CryptoError> {
    let base = base_key(b"calibration", "PBKDF2").await?;
    let started = js_sys::Date::now();
    settle(subtle().derive_bits_with_object(&Object::from(pbkdf2(&random_bytes(SALT_BYTES), iterations)), &base, 256))
        .await?;
    Ok(js_sys::Date::now() - started)
}
