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

/// Asks for the lock called `name`: answers the wait for it, and the lock, held from when the wait ends
/// until it is dropped. The caller drops it when its work is done or abandoned half-way (even before the
/// wait ends), so an abandoned change never blocks the rest. Must not be nested for the same name (the
/// inner request would wait for the outer one forever). Not async, and not generic over the work, so the
/// `.wasm` holds this once, with no state machine of its own.
pub fn request(name: &str) -> Option<(JsFuture, Held)> {
    let navigator = gloo::utils::window().navigator();
    // Browsers before 2022 have no Web Locks: changes can then overlap only between two open tabs.
    let locks = js_sys::Reflect::get(&navigator, &"locks".into()).ok().filter(|l| !l.is_undefined())?;
    let (granted, grant) = promise_pair();
    let (done, release) = promise_pair();
    let callback: Callback = Closure::once(move |_lock: JsValue| {
        let _ = grant.call0(&JsValue::NULL);
        done
    });
    let _ = locks.unchecked_into::<LockManager>().request(name, callback.as_ref().unchecked_ref());
    Some((granted.into(), Held { release, _callback: callback }))
}

/// A lock asked for by [`request`], released when dropped.
pub struct Held {
    release: Function,
    /// What the browser calls when it grants the lock: kept until the lock is released, as the browser
    /// may call it long after [`request`] returns.
    _callback: Callback,
}

/// The function the browser calls with the lock, answering the promise that holds it.
type Callback = Closure<dyn FnMut(JsValue) -> Promise>;

impl Drop for Held {
    fn drop(&mut self) {
        let _ = self.release.call0(&JsValue::NULL);
    }
}
