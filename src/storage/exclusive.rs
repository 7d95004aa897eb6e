//! One change at a time to the participant's database, across every tab: a Web Lock (`navigator.locks`)
//! held around each read-change-write.
//!
//! IndexedDB commits a transaction as soon as it waits on anything but its own requests, and Web Crypto
//! answers asynchronously, so a change to an encrypted record cannot read, decrypt, change, encrypt and
//! write inside one transaction. Instead each change reads in one transaction and writes in another
//! while holding this lock, which every change to the database takes: no other change can come between
//! its read and its write, in this tab or another.

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// `navigator.locks` (web-sys has it only behind its unstable flag).
    type LockManager;
    #[wasm_bindgen(method)]
    fn request(this: &LockManager, name: &str, callback: &Function) -> Promise;
}

/// A promise and the function that resolves it.
fn promise_pair() -> (Promise, Function) {
    let mut resolve = None;
    let promise = Promise::new(&mut |res, _| resolve = Some(res));
    (promise, resolve.expect("the Promise constructor runs its executor at once"))
}

/// Waits for the lock called `name` and holds it until the answer is dropped: the caller drops it when its
/// work is done or abandoned half-way, so an abandoned change never blocks the rest. Must not be nested for
/// the same name (the inner request would wait for the outer one forever). Not generic over the work, so
/// the `.wasm` holds this once, not once per change.
pub async fn hold(name: &str) -> Option<Held> {
    let navigator = gloo::utils::window().navigator();
    // Browsers before 2022 have no Web Locks: changes can then overlap only between two open tabs.
    let locks = js_sys::Reflect::get(&navigator, &"locks".into()).ok().filter(|l| !l.is_undefined())?;
    let (granted, grant) = promise_pair();
    let (done, release) = promise_pair();
    let held = Closure::once(move |_lock: JsValue| {
        let _ = grant.call0(&JsValue::NULL);
        done
    });
    let _ = locks.unchecked_into::<LockManager>().request(name, held.as_ref().unchecked_ref());
    let _ = JsFuture::from(granted).await;
    Some(Held(release))
}

/// A lock taken by [`hold`], released when dropped.
pub struct Held(Function);

impl Drop for Held {
    fn drop(&mut self) {
        let _ = self.0.call0(&JsValue::NULL);
    }
}
