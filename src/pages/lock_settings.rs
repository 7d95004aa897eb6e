//! My data → "Lock Steady": set a PIN or passphrase (which encrypts the data on this phone), lock now,
//! choose when Steady locks again and whether "Quick exit" shows, unlock with the phone's fingerprint or
//! face as well (where the phone offers it), change the PIN, or turn the lock off.
//! It says plainly what the lock does and does not protect against.

use crate::components::secret_form::{Purpose, SecretForm};
use crate::hooks::{use_app, AppHandle};
use crate::storage::lock::LockStatus;
use steady_domain::lock::RELOCK_CHOICES;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Said wherever unlocking with the fingerprint or face is offered or on.
const SHARED_PHONE: &str = "Anyone whose fingerprint or face is set up on this phone can then open Steady. On a \
                            shared phone, the other person's fingerprint or face may be set up too.";

#[component]
pub fn LockSettings() -> Html {
    let app = use_app();
    let lock = app.state().lock.clone();
    // Offered only where the phone has a fingerprint or face check for web pages.
    let passkey_possible = use_state(|| false);
    {
        let possible = passkey_possible.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move { possible.set(crate::lock::passkey::available().await) });
        });
    }
    html! {
        <section class="card" aria-labelledby="lock-title">
            <h2 id="lock-title">{ "Lock Steady" }</h2>
            if lock.on {
                <p>{ "The lock is on. Steady asks for your PIN or passphrase each time it opens, and your data on this phone is encrypted." }</p>
                <button type="button" class="button" onclick={let app = app.clone(); move |_| crate::lock::guard::lock_now(&app)}>{ "Lock now" }</button>
                { options(&app, &lock) }
                if lock.passkey {
                    <h3>{ "Unlock with fingerprint or face" }</h3>
                    <p>{ "On. Steady offers your fingerprint or face first when it is locked; your PIN or passphrase always works too." }</p>
                    <p class="hint">{ SHARED_PHONE }</p>
                    <SecretForm purpose={Purpose::PasskeyOff} />
                } else if *passkey_possible {
                    { folded("Unlock with fingerprint or face", html! {
                        <>
                            <p>{ "Use the fingerprint or face check this phone already has, instead of typing your PIN or passphrase each time. Your PIN or passphrase still works." }</p>
                            <p><strong>{ SHARED_PHONE }</strong></p>
                            <SecretForm purpose={Purpose::Passkey} />
                        </>
                    }) }
                }
                { folded("Change your PIN or passphrase", html! { <SecretForm purpose={Purpose::Change} /> }) }
                { folded("Turn off the lock", html! {
                    <>
                        <p>{ "Steady will open without a PIN, and your data on this phone will no longer be encrypted." }</p>
                        <SecretForm purpose={Purpose::TurnOff} />
                    </>
                }) }
            } else {
                <p>{ "Ask for a PIN or passphrase each time Steady opens, and keep your data on this phone encrypted." }</p>
                { folded("What the lock does and does not do", html! {
                    <ul class="list">
                        <li>{ "It stops someone who picks up your phone from opening Steady and reading your entries." }</li>
                        <li>{ "Your entries, notes, check-ins, wellbeing answers and settings are stored encrypted on this phone." }</li>
                        <li>{ "\"Get help now\" always works, without unlocking." }</li>
                        <li>{ "It cannot stop someone who watches you type your PIN, or who has put spying software on your phone." }</li>
                        <li>{ "A short PIN is not a safe: an expert with special equipment could guess it. A passphrase of three or four random words is much harder to guess." }</li>
                        <li>{ "If you forget it, the only way back in is to erase Steady's data on this phone. What you shared with your link worker stays with them." }</li>
                    </ul>
                }) }
                <SecretForm purpose={Purpose::TurnOn} />
            }
        </section>
    }
}

/// A part of the section opened on request.
fn folded(summary: &'static str, body: Html) -> Html {
    html! {
        <details class="quick-log__more">
            <summary>{ summary }</summary>
            { body }
        </details>
    }
}

/// "1 minute", "5 minutes", "1 hour": a relock choice as the settings say it.
fn minutes_in_words(minutes: u32) -> String {
    match minutes {
        1 => "1 minute".to_string(),
        60 => "1 hour".to_string(),
        m => format!("{m} minutes"),
    }
}

/// When Steady locks again (the saved choice is said under it, once stored), and whether "Quick exit" shows.
fn options(app: &AppHandle, lock: &LockStatus) -> Html {
    let save = {
        let app = app.clone();
        move |relock_minutes: u32, quick_exit: bool| {
            let app = app.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = app.set_lock_options(relock_minutes, quick_exit).await {
                    gloo::console::warn!(e);
                }
            });
        }
    };
    let onrelock = {
        let (save, quick_exit) = (save.clone(), lock.quick_exit);
        Callback::from(move |e: Event| {
            let minutes = e.target_unchecked_into::<HtmlSelectElement>().value().parse().unwrap_or(5);
            save(minutes, quick_exit);
        })
    };
    let onquick = {
        let relock = lock.relock_minutes;
        Callback::from(move |e: Event| save(relock, e.target_unchecked_into::<HtmlInputElement>().checked()))
    };
    html! {
        <>
            <label class="label" for="relock">{ "Lock again when Steady has been in the background for" }</label>
            <select id="relock" class="input" onchange={onrelock}>
                { for RELOCK_CHOICES.iter().map(|&m| html! {
                    <option value={m.to_string()} selected={m == lock.relock_minutes}>
                        { minutes_in_words(m) }
                    </option>
                }) }
            </select>
            <p class="hint" role="status">
                { format!("Steady locks again after {} in the background.", minutes_in_words(lock.relock_minutes)) }
            </p>
            <div class="checkbox">
                <input id="quick-exit" type="checkbox" checked={lock.quick_exit} onchange={onquick} aria-describedby="quick-exit-hint" />
                <label for="quick-exit">{ "Show a \"Quick exit\" button on every page" }</label>
            </div>
            <p class="hint" id="quick-exit-hint">{ "Quick exit locks Steady at once and opens a weather page instead. Pressing Escape three times does the same. The Back button does not bring Steady back." }</p>
        </>
    }
}
