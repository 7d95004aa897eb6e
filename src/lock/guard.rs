//! What watches over an unlocked Steady: it locks again after the chosen time in the background, and
//! offers "Quick exit" (a button in the header, and Escape pressed three times) when the person chose it.

use crate::browser;
use crate::hooks::use_app;
use crate::state::Phase;
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use steady_domain::lock::relock_due;
use steady_domain::Timestamp;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Escape presses this close together (milliseconds) count as "three times".
const ESCAPES_WITHIN_MS: i64 = 2_000;

#[component]
pub fn PrivacyGuard() -> Html {
    let app = use_app();
    let lock = app.state().lock.clone();
    let unlocked = lock.on && matches!(app.state().phase, Phase::Ready);
    {
        let app = app.clone();
        use_effect_with((unlocked, lock.relock_minutes), move |&(unlocked, minutes)| {
            let hidden_at = Rc::new(Cell::new(None::<Timestamp>));
            let timer = Rc::new(RefCell::new(None::<Timeout>));
            let listener = unlocked.then(|| {
                EventListener::new(&gloo::utils::document(), "visibilitychange", move |_| {
                    let lock_now = {
                        let app = app.clone();
                        move || {
                            let app = app.clone();
                            wasm_bindgen_futures::spawn_local(async move { app.lock_now().await });
                        }
                    };
                    if gloo::utils::document().hidden() {
                        hidden_at.set(Some(browser::now()));
                        *timer.borrow_mut() = Some(Timeout::new(minutes * 60_000, lock_now));
                    } else {
                        timer.borrow_mut().take();
                        if hidden_at.take().is_some_and(|at| relock_due(at, browser::now(), minutes)) {
                            lock_now();
                        }
                    }
                })
            });
            move || drop(listener)
        });
    }
    let quick_exit = lock.on && lock.quick_exit;
    {
        let app = app.clone();
        use_effect_with(quick_exit, move |&on| {
            let presses = Rc::new(RefCell::new(Vec::<i64>::new()));
            let listener = on.then(|| {
                EventListener::new(&gloo::utils::window(), "keydown", move |event| {
                    let Some(key) = event.dyn_ref::<web_sys::KeyboardEvent>().map(|k| k.key()) else { return };
                    let mut presses = presses.borrow_mut();
                    if key != "Escape" {
                        presses.clear();
                        return;
                    }
                    let now = browser::now().millis();
                    presses.retain(|&at| now - at < ESCAPES_WITHIN_MS);
                    presses.push(now);
                    if presses.len() >= 3 {
                        app.quick_exit();
                    }
                })
            });
            move || drop(listener)
        });
    }
    let onclick = Callback::from(move |_: MouseEvent| app.quick_exit());
    html! {
        if quick_exit {
            <button type="button" class="quick-exit" {onclick}>{ "Quick exit" }</button>
        }
    }
}
