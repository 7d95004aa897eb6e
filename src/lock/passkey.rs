//! Asks the phone's own authenticator (its fingerprint or face check) for the lock's passkey, through
//! WebAuthn: `navigator.credentials.create` when it is turned on, `get` when unlocking, both with
//! `userVerification: "required"` and the `prf` extension. Steady uses only the `prf` output (a secret
//! the authenticator gives for a salt, after checking the person), from which the key that wraps the
//! data key is derived ([`crate::storage::crypto`]). Nothing goes to a server, so the challenge is
//! random and no signature is checked. The calls go through `js_sys::Reflect`, so the `.wasm` carries
//! no WebAuthn bindings.

use crate::storage::crypto::random_bytes;
use crate::storage::lock::NewPasskey;
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
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

/// A plain object with these fields.
fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in fields {
        let _ = Reflect::set(&object, &(*key).into(), value);
    }
    object.into()
}

fn bytes(data: &[u8]) -> JsValue {
    Uint8Array::from(data).into()
}

/// Calls `target.method(arg)` and waits for the promise it answers.
async fn call(target: &JsValue, method: &str, arg: &JsValue) -> Result<JsValue, JsValue> {
    let function: Function = get(target, method).dyn_into()?;
    let promise: Promise = function.call1(target, arg)?.dyn_into()?;
    JsFuture::from(promise).await
}

/// Whether this phone offers a fingerprint or face check to web pages (a user-verifying platform
/// authenticator). Whether it supports `prf` is known only once a passkey is made.
pub async fn available() -> bool {
    let class = get(&gloo::utils::window(), "PublicKeyCredential");
    let answer = call(&class, "isUserVerifyingPlatformAuthenticatorAvailable", &JsValue::UNDEFINED).await;
    answer.is_ok_and(|a| a.is_truthy())
}

/// Asks `navigator.credentials` to `create` or `get` a credential with these `publicKey` options and
/// the `prf` extension evaluated for `salt`.
async fn credential(method: &str, salt: &[u8], mut options: Vec<(&str, JsValue)>) -> Result<JsValue, String> {
    let prf = object(&[("eval", object(&[("first", bytes(salt))]))]);
    options.push(("challenge", bytes(&random_bytes(32))));
    options.push(("extensions", object(&[("prf", prf)])));
    let credentials = get(&gloo::utils::window().navigator(), "credentials");
    call(&credentials, method, &object(&[("publicKey", object(&options))])).await.map_err(|e| {
        if get(&e, "name").as_string().as_deref() == Some("NotAllowedError") {
            NOT_CHECKED.to_string()
        } else {
            format!(
                "This phone could not check your fingerprint or face ({}).",
                get(&e, "message").as_string().unwrap_or_default()
            )
        }
    })
}

/// What a credential's client says of the `prf` extension (undefined if nothing).
fn prf_of(credential: &JsValue) -> JsValue {
    let results = get(credential, "getClientExtensionResults").dyn_into::<Function>().ok();
    get(&results.and_then(|f| f.call0(credential).ok()).unwrap_or(JsValue::UNDEFINED), "prf")
}

/// The `prf` output in what the client said, if the authenticator gave one.
fn output(prf: &JsValue) -> Option<Vec<u8>> {
    let first = get(&get(prf, "results"), "first");
    first.is_object().then(|| Uint8Array::new(&first).to_vec())
}

/// The `prf` output of the passkey `id` for `salt`, after the phone checks the person.
pub async fn evaluate(id: &[u8], salt: &[u8]) -> Result<Vec<u8>, String> {
    let allowed = object(&[("type", "public-key".into()), ("id", bytes(id))]);
    let options = vec![("allowCredentials", Array::of1(&allowed).into()), ("userVerification", "required".into())];
    output(&prf_of(&credential("get", salt, options).await?)).ok_or_else(|| NO_PRF.to_string())
}

/// A new passkey on this phone's own authenticator, and its `prf` output for `salt`. Nothing personal
/// goes into it: the account is just "Steady", with a random id. Some browsers give the `prf` output
/// only when a passkey is used, not when it is made; then it is used once at once.
pub async fn create(salt: Vec<u8>) -> Result<NewPasskey, String> {
    let algorithm = |id: i32| object(&[("type", "public-key".into()), ("alg", id.into())]);
    let options = vec![
        ("rp", object(&[("name", "Steady".into())])),
        (
            "user",
            object(&[("id", bytes(&random_bytes(16))), ("name", "Steady".into()), ("displayName", "Steady".into())]),
        ),
        // ES256 and RS256, which every authenticator offers one of.
        ("pubKeyCredParams", Array::of2(&algorithm(-7), &algorithm(-257)).into()),
        (
            "authenticatorSelection",
            object(&[
                ("authenticatorAttachment", "platform".into()),
                ("residentKey", "discouraged".into()),
                ("userVerification", "required".into()),
            ]),
        ),
    ];
    let made = credential("create", &salt, options).await?;
    let credential = Uint8Array::new(&get(&made, "rawId")).to_vec();
    let prf = prf_of(&made);
    let prf = match output(&prf) {
        Some(prf) => prf,
        None if get(&prf, "enabled").is_truthy() => evaluate(&credential, &salt).await?,
        None => return Err(NO_PRF.to_string()),
    };
    Ok(NewPasskey { credential, prf })
}
