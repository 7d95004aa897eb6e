//! My data → "Lock Steady": set a PIN or passphrase (which encrypts the data on this phone), lock now,
//! choose when Steady locks again and whether "Quick exit" shows, change the PIN, or turn the lock off.
//! It says plainly what the lock does and does not protect against.

use crate::components::secret_field::{submitting, SecretField};
use crate::hooks::use_app;
use steady_domain::lock::RELOCK_CHOICES;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[component]
pub fn LockSettings() -> Html {
    let app = use_app();
    let lock = app.state().lock.clone();
    html! {
        <section class="card" aria-labelledby="lock-title">
            <h2 id="lock-title">{ "Lock Steady" }</h2>
            if lock.on {
                <p>{ "The lock is on. Steady asks for your PIN or passphrase each time it opens, and your data on this phone is encrypted." }</p>
                <button type="button" class="button" onclick={let app = app.clone(); Callback::from(move |_: MouseEvent| {
                    let app = app.clone();
                    wasm_bindgen_futures::spawn_local(async move { app.lock_now().await });
                })}>{ "Lock now" }</button>
                <LockOptions relock_minutes={lock.relock_minutes} quick_exit={lock.quick_exit} />
                <ChangeSecret />
                <TurnOff />
            } else {
                <p>{ "Ask for a PIN or passphrase each time Steady opens, and keep your data on this phone encrypted." }</p>
                <WhatItDoes />
                <TurnOn />
            }
        </section>
    }
}

#[component]
fn WhatItDoes() -> Html {
    html! {
        <details class="quick-log__more">
            <summary>{ "What the lock does and does not do" }</summary>
            <ul class="list">
                <li>{ "It stops someone who picks up your phone from opening Steady and reading your entries." }</li>
                <li>{ "Your entries, notes, check-ins, wellbeing answers and settings are stored encrypted on this phone." }</li>
                <li>{ "\"Get help now\" always works, without unlocking." }</li>
                <li>{ "It cannot stop someone who watches you type your PIN, or who has put spying software on your phone." }</li>
                <li>{ "A short PIN is not a safe: an expert with special equipment could guess it. A passphrase of three or four random words is much harder to guess." }</li>
                <li>{ "If you forget it, the only way back in is to erase Steady's data on this phone. What you shared with your link worker stays with them." }</li>
            </ul>
        </details>
    }
}

#[component]
fn TurnOn() -> Html {
    let app = use_app();
    let (secret, again) = (use_state(String::new), use_state(String::new));
    let (busy, problem) = (use_state(|| false), use_state(|| None::<String>));
    let onsubmit = {
        let (secret, again) = (secret.clone(), again.clone());
        submitting(busy.clone(), problem.clone(), move || {
            let (app, secret, again) = (app.clone(), (*secret).clone(), (*again).clone());
            async move { app.turn_lock_on(&secret, &again).await }
        })
    };
    html! {
        <form {onsubmit} novalidate=true>
            if let Some(message) = &*problem { <div class="error-summary" role="alert"><p>{ message }</p></div> }
            <SecretField id="new-secret" label="Choose a PIN or passphrase" autocomplete="new-password" value={secret}
                hint="4 to 8 numbers, or (safer) a passphrase of 8 characters or more, such as three random words. Choose one nobody could guess." />
            <SecretField id="new-secret-again" label="Type it again" autocomplete="new-password" value={again} />
            <button type="submit" class="button" disabled={*busy}>{ if *busy { "Turning on the lock…" } else { "Turn on the lock" } }</button>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct LockOptionsProps {
    relock_minutes: u32,
    quick_exit: bool,
}

#[component]
fn LockOptions(props: &LockOptionsProps) -> Html {
    let app = use_app();
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
        let (save, quick_exit) = (save.clone(), props.quick_exit);
        Callback::from(move |e: Event| {
            let minutes = e.target_unchecked_into::<HtmlSelectElement>().value().parse().unwrap_or(5);
            save(minutes, quick_exit);
        })
    };
    let onquick = {
        let relock = props.relock_minutes;
        Callback::from(move |e: Event| save(relock, e.target_unchecked_into::<HtmlInputElement>().checked()))
    };
    html! {
        <>
            <label class="label" for="relock">{ "Lock again when Steady has been in the background for" }</label>
            <select id="relock" class="input" onchange={onrelock}>
                { for RELOCK_CHOICES.iter().map(|&m| html! {
                    <option value={m.to_string()} selected={m == props.relock_minutes}>
                        { if m == 60 { "1 hour".to_string() } else if m == 1 { "1 minute".to_string() } else { format!("{m} minutes") } }
                    </option>
                }) }
            </select>
            <div class="checkbox">
                <input id="quick-exit" type="checkbox" checked={props.quick_exit} onchange={onquick} aria-describedby="quick-exit-hint" />
                <label for="quick-exit">{ "Show a \"Quick exit\" button on every page" }</label>
            </div>
            <p class="hint" id="quick-exit-hint">{ "Quick exit locks Steady at once and opens a weather page instead. Pressing Escape three times does the same. The Back button does not bring Steady back." }</p>
        </>
    }
}

#[component]
fn ChangeSecret() -> Html {
    let app = use_app();
    let (old, secret, again) = (use_state(String::new), use_state(String::new), use_state(String::new));
    let (busy, problem, done) = (use_state(|| false), use_state(|| None::<String>), use_state(|| false));
    let onsubmit = {
        let (old, secret, again, done) = (old.clone(), secret.clone(), again.clone(), done.clone());
        submitting(busy.clone(), problem.clone(), move || {
            let (app, done) = (app.clone(), done.clone());
            let (old, secret, again) = ((*old).clone(), (*secret).clone(), (*again).clone());
            async move {
                app.change_secret(&old, &secret, &again).await?;
                done.set(true);
                Ok(())
            }
        })
    };
    html! {
        <details class="quick-log__more">
            <summary>{ "Change your PIN or passphrase" }</summary>
            <form {onsubmit} novalidate=true>
                if let Some(message) = &*problem { <div class="error-summary" role="alert"><p>{ message }</p></div> }
                if *done { <p class="confirmation" role="status">{ "Your PIN or passphrase is changed." }</p> }
                <SecretField id="old-secret" label="Your PIN or passphrase now" autocomplete="current-password" value={old} />
                <SecretField id="changed-secret" label="New PIN or passphrase" autocomplete="new-password" value={secret} />
                <SecretField id="changed-secret-again" label="Type the new one again" autocomplete="new-password" value={again} />
                <button type="submit" class="button button--secondary" disabled={*busy}>{ "Change it" }</button>
            </form>
        </details>
    }
}

#[component]
fn TurnOff() -> Html {
    let app = use_app();
    let secret = use_state(String::new);
    let (busy, problem) = (use_state(|| false), use_state(|| None::<String>));
    let onsubmit = {
        let secret = secret.clone();
        submitting(busy.clone(), problem.clone(), move || {
            let (app, secret) = (app.clone(), (*secret).clone());
            async move { app.turn_lock_off(&secret).await }
        })
    };
    html! {
        <details class="quick-log__more">
            <summary>{ "Turn off the lock" }</summary>
            <form {onsubmit} novalidate=true>
                <p>{ "Steady will open without a PIN, and your data on this phone will no longer be encrypted." }</p>
                if let Some(message) = &*problem { <div class="error-summary" role="alert"><p>{ message }</p></div> }
                <SecretField id="off-secret" label="Your PIN or passphrase" autocomplete="current-password" value={secret} />
                <button type="submit" class="button button--secondary" disabled={*busy}>{ "Turn off the lock" }</button>
            </form>
        </details>
    }
}
