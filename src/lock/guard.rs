//! What watches over an unlocked Steady: it locks again after the chosen time in the background, locks a
//! tab left open when another tab set the lock, and offers "Quick exit" (a button in the header, and
//! Escape pressed three times) when the person chose it.
//! The app's shell runs [`use_privacy_guard`] and shows [`quick_exit_button`]: an effect of the shell and
//! a plain function, not a component of their own, as each component type (and each effect) carries its
//! own copy of yew's code.

use crate::browser;
use crate::hooks::AppHandle;
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use steady_domain::lock::relock_due;
use steady_domain::Timestamp;
use wasm_bindgen::JsCast;
use web_sys::{Event, KeyboardEvent};
use yew::functional::Hook;
use yew::prelude::*;

/// Escape presses this close together (milliseconds) count as "three times".
const ESCAPES_WITHIN_MS: i64 = 2_000;

/// Locks at once (the data key and everything personal leave memory), from a handler that cannot wait.
pub fn lock_now(app: &AppHandle) {
    let app = app.clone();
    wasm_bindgen_futures::spawn_local(async move { app.lock_now().await });
}

/// The guard as an effect of the app's shell: it watches as `watch` says, starting again whenever what it
/// watches for changes (the app ready, the lock, the chosen time, "Quick exit" turned on or off).
pub fn use_privacy_guard(app: &AppHandle, ready: bool, quick_exit: bool) -> impl Hook<Output = ()> {
    let app = app.clone();
    let watched = (ready, app.state().lock.on, app.state().lock.relock_minutes, quick_exit);
    use_effect_with(watched, move |&(ready, on, minutes, quick_exit)| {
        watch(app, ready, on.then_some(minutes), quick_exit)
    })
}

/// Watches while Steady is `ready` (loaded, not locked) for it going into the background and coming
/// back. With the lock on (`relock` minutes), a timer locks it after that long in the background, so the
/// data leaves memory even if the person never comes back (and, as a phone may pause timers in the
/// background, coming back after that long locks it too). Coming back sooner, or with the lock off, it
/// catches up with the lock as stored: another tab may have set it meanwhile. While `quick_exit` is
/// on, it watches for Escape pressed three times. What it gives back stops watching.
fn watch(app: AppHandle, ready: bool, relock: Option<u32>, quick_exit: bool) -> impl FnOnce() {
    let hidden_at = Cell::new(None::<Timestamp>);
    let timer = RefCell::new(None::<Timeout>);
    // When the last two Escape presses were: a third within the time is "three times".
    let escapes = Cell::new([None::<i64>; 2]);
    let on_event = Rc::new(move |event: &Event| {
        if let Some(key) = event.dyn_ref::<KeyboardEvent>() {
            let [older, newer] = escapes.get();
            if key.key() != "Escape" {
                escapes.set([None; 2]);
                return;
            }
            let now = browser::now().millis();
            if older.is_some_and(|at| now - at < ESCAPES_WITHIN_MS) {
                app.quick_exit();
            }
            escapes.set([newer, Some(now)]);
        } else if gloo::utils::document().hidden() {
            hidden_at.set(Some(browser::now()));
            if let Some(minutes) = relock {
                let app = app.clone();
                *timer.borrow_mut() = Some(Timeout::new(minutes * 60_000, move || lock_now(&app)));
            }
        } else {
            timer.borrow_mut().take();
            let due = |minutes| hidden_at.get().is_some_and(|at| relock_due(at, browser::now(), minutes));
            let app = app.clone();
            if relock.is_some_and(due) {
                lock_now(&app);
            } else {
                wasm_bindgen_futures::spawn_local(async move { app.catch_up_with_lock().await });
            }
            hidden_at.set(None);
        }
    });
    let listen = |on: bool, kind: &'static str| {
        let on_event = on_event.clone();
        on.then(|| EventListener::new(&gloo::utils::document(), kind, move |event| on_event(event)))
    };
    let listeners = (listen(ready, "visibilitychange"), listen(quick_exit, "keydown"));
    move || drop(listeners)
}

/// The "Quick exit" button, for the header of every page while it is on.
pub fn quick_exit_button(app: &AppHandle) -> Html {
    let app = app.clone();
    html! {
        <button type="button" class="quick-exit" onclick={move |_| app.quick_exit()}>{ "Quick exit" }</button>
    }
}
