//! Asks the phone's own authenticator (its fingerprint or face check) for the lock's passkey, through
//! WebAuthn: `navigator.credentials.create` when it is turned on, `get` when unlocking, both with
//! `userVerification: "required"` and the `prf` extension. Steady uses only the `prf` output (a secret
//! the authenticator gives for a salt, after checking the person), from which the key that wraps the
//! data key is derived ([`crate::storage::crypto`]). Nothing goes to a server, so the challenge is
//! random and no signature is checked. The calls go through `js_sys::Reflect`, so the `.wasm` carries
//! no WebAuthn bindings.

use crate::storage::crypto::random_bytes;
use crate::storage::lock::NewPasskey;
use js_sys::{Function, Promise, Reflect, Uint8Array, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Said when the phone checked nobody (the person cancelled, or it did not recognise them).
const NOT_CHECKED: &str = "Your fingerprint or face was not checked: it was cancelled or not recognised.";
/// Said when the phone's authenticator cannot give Steady a key (no `prf`).
const NO_PRF: &str = "This phone cannot unlock Steady with your fingerprint or face, so Steady keeps using your \
                      PIN or passphrase.";

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// Calls `target.method(arg)`: the promise it answers, to await. (Not async itself, so the `.wasm` holds
/// no state machine for it.)
fn call(target: &JsValue, method: &str, arg: &JsValue) -> Result<JsFuture, JsValue> {
    let function: Function = get(target, method).dyn_into()?;
    Ok(function.call1(target, arg)?.dyn_into::<Promise>()?.into())
}

/// Whether this phone offers a fingerprint or face check to web pages (a user-verifying platform
/// authenticator). Whether it supports `prf` is known only once a passkey is made.
pub async fn available() -> bool {
    let class = get(&gloo::utils::window(), "PublicKeyCredential");
    match call(&class, "isUserVerifyingPlatformAuthenticatorAvailable", &JsValue::UNDEFINED) {
        Ok(answer) => answer.await.is_ok_and(|a| a.is_truthy()),
        Err(_) => false,
    }
}

/// Sets `data` as the bytes at `key` of the object at `path` in `at`.
fn set_bytes(at: &JsValue, path: &[&str], key: &str, data: &[u8]) {
    let parent = path.iter().fold(at.clone(), |at, key| get(&at, key));
    let _ = Reflect::set(&parent, &key.into(), &Uint8Array::from(data));
}

/// Asks `navigator.credentials` to `create` or `get` a credential with the `publicKey` options in `json`
/// (written as text, which costs the `.wasm` far less than building them field by field), with `id` set
/// as the `id` of the object at `id_at` in them, a random challenge, and the `prf` extension evaluated
/// for `salt`; answers what it [`Made`].
async fn credential(method: &str, json: &str, id_at: &[&str], id: &[u8], salt: &[u8]) -> Result<Made, String> {
    let options = JSON::parse(json).unwrap_or(JsValue::UNDEFINED);
    let public_key = get(&options, "publicKey");
    set_bytes(&public_key, id_at, "id", id);
    set_bytes(&public_key, &[], "challenge", &random_bytes(32));
    set_bytes(&public_key, &["extensions", "prf", "eval"], "first", salt);
    let credentials = get(&gloo::utils::window().navigator(), "credentials");
    let answer = match call(&credentials, method, &options) {
        Ok(answer) => answer.await,
        Err(e) => Err(e),
    };
    // The browser's own words (for example "The relying party ID is not a registrable domain suffix")
    // would mean nothing to the person, so only whether they cancelled or were not recognised is told.
    let made = answer.map_err(|e| {
        let refused = get(&e, "name").as_string().as_deref() == Some("NotAllowedError");
        if refused { NOT_CHECKED } else { "This phone could not check your fingerprint or face just now." }.to_string()
    })?;
    let results = get(&made, "getClientExtensionResults").dyn_into::<Function>().ok();
    let prf = get(&results.and_then(|f| f.call0(&made).ok()).unwrap_or(JsValue::UNDEFINED), "prf");
    let first = get(&get(&prf, "results"), "first");
    Ok(Made { prf, output: first.is_object().then(|| Uint8Array::new(&first).to_vec()), id: get(&made, "rawId") })
}

/// What the authenticator answered: what its client said of `prf`, the `prf` output if it gave one, and
/// the credential's id.
struct Made {
    prf: JsValue,
    output: Option<Vec<u8>>,
    id: JsValue,
}

/// The `prf` output of the passkey `id` for `salt`, after the phone checks the person.
pub async fn evaluate(id: Vec<u8>, salt: Vec<u8>) -> Result<Vec<u8>, String> {
    used(&id, &salt).await
}

/// [`evaluate`] on borrowed bytes, so [`create`] can use a passkey without copying its id.
async fn used(id: &[u8], salt: &[u8]) -> Result<Vec<u8>, String> {
    const GET: &str = r#"{"publicKey":{"userVerification":"required","allowCredentials":[{"type":"public-key"}],
        "extensions":{"prf":{"eval":{}}}}}"#;
    credential("get", GET, &["allowCredentials", "0"], id, salt).await?.output.ok_or_else(|| NO_PRF.to_string())
}

/// A new passkey on this phone's own authenticator, and its `prf` output for `salt`. Nothing personal
/// goes into it: the account is just "Steady", with a random id. Some browsers give the `prf` output
/// only when a passkey is used, not when it is made; then it is used once at once.
pub async fn create(salt: Vec<u8>) -> Result<NewPasskey, String> {
    // ES256 and RS256: every authenticator offers one of them.
    const CREATE: &str = r#"{"publicKey":{"rp":{"name":"Steady"},"user":{"name":"Steady","displayName":"Steady"},
        "pubKeyCredParams":[{"type":"public-key","alg":-7},{"type":"public-key","alg":-257}],
        "authenticatorSelection":{"authenticatorAttachment":"platform","residentKey":"discouraged",
        "userVerification":"required"},"extensions":{"prf":{"eval":{}}}}}"#;
    let made = credential("create", CREATE, &["user"], &random_bytes(16), &salt).await?;
    let credential = Uint8Array::new(&made.id).to_vec();
    let prf = match made.output {
        Some(prf) => prf,
        None if get(&made.prf, "enabled").is_truthy() => used(&credential, &salt).await?,
        None => return Err(NO_PRF.to_string()),
    };
    Ok(NewPasskey { credential, prf })
}
