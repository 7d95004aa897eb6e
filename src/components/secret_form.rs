//! Every form of the lock in one component (unlock, set, change, turn off; and for the fingerprint or
//! face: turn on, unlock, stop), so the `.wasm` carries one form's code, not seven: masked PIN or
//! passphrase boxes (none for the fingerprint's own buttons), one action at a time, and what went wrong.

use crate::hooks::use_app;
use crate::lock::LockAction;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What a lock form is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Unlock,
    TurnOn,
    Change,
    TurnOff,
    /// Turn on unlocking with the phone's fingerprint or face (the PIN is asked first).
    Passkey,
    /// Unlock with the phone's fingerprint or face: a button alone.
    PasskeyUnlock,
    /// Stop unlocking with the phone's fingerprint or face: a button alone.
    PasskeyOff,
}

/// A box's hint under its label: (the hint's id, for `aria-describedby`, and its words).
type Hint = Option<(&'static str, &'static str)>;

impl Purpose {
    /// The boxes the form asks for: (id, label, hint, whether it is a new secret).
    fn fields(self) -> &'static [(&'static str, &'static str, Hint, bool)] {
        const CHOOSE: &str = "4 to 8 numbers, or (safer) a passphrase of 8 characters or more, such as three random \
                              words. Choose one nobody could guess.";
        match self {
            Purpose::Unlock => &[("unlock-secret", "Your PIN or passphrase", None, false)],
            Purpose::TurnOn => &[
                ("new-secret", "Choose a PIN or passphrase", Some(("new-secret-hint", CHOOSE)), true),
                ("new-secret-again", "Type it again", None, true),
            ],
            Purpose::Change => &[
                ("old-secret", "Your PIN or passphrase now", None, false),
                ("changed-secret", "New PIN or passphrase", Some(("changed-secret-hint", CHOOSE)), true),
                ("changed-secret-again", "Type the new one again", None, true),
            ],
            Purpose::TurnOff => &[("off-secret", "Your PIN or passphrase", None, false)],
            Purpose::Passkey => &[("passkey-secret", "Your PIN or passphrase", None, false)],
            Purpose::PasskeyUnlock | Purpose::PasskeyOff => &[],
        }
    }

    /// The button, and what it says while working.
    fn button(self) -> (&'static str, &'static str) {
        match self {
            Purpose::Unlock => ("Unlock", "Unlocking…"),
            Purpose::TurnOn => ("Turn on the lock", "Turning on the lock…"),
            Purpose::Change => ("Change it", "Changing it…"),
            Purpose::TurnOff => ("Turn off the lock", "Turning off the lock…"),
            Purpose::Passkey => ("Turn on fingerprint or face unlock", "Waiting for your fingerprint or face…"),
            Purpose::PasskeyUnlock => ("Unlock with fingerprint or face", "Waiting for your fingerprint or face…"),
            Purpose::PasskeyOff => ("Stop unlocking with fingerprint or face", "Stopping it…"),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct SecretFormProps {
    pub purpose: Purpose,
}

#[component]
pub fn SecretForm(props: &SecretFormProps) -> Html {
    let app = use_app();
    let busy = use_state(|| false);
    let outcome = use_state(|| None::<Result<(), String>>);
    let purpose = props.purpose;
    let onsubmit = {
        let (busy, outcome) = (busy.clone(), outcome.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            // What is typed is read from the boxes when the form is sent: the component keeps no copy.
            let typed: Vec<String> = purpose.fields().iter().map(|&(id, ..)| typed_in(id)).collect();
            let (app, busy, outcome) = (app.clone(), busy.clone(), outcome.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let field = |i: usize| typed.get(i).map_or("", String::as_str);
                let action = match purpose {
                    Purpose::Unlock => LockAction::Unlock(field(0)),
                    Purpose::TurnOn => LockAction::TurnOn { secret: field(0), again: field(1) },
                    Purpose::Change => LockAction::Change { old: field(0), new: field(1), again: field(2) },
                    Purpose::TurnOff => LockAction::TurnOff(field(0)),
                    Purpose::Passkey => LockAction::PasskeyOn(field(0)),
                    Purpose::PasskeyUnlock => LockAction::PasskeyUnlock,
                    Purpose::PasskeyOff => LockAction::PasskeyOff,
                };
                let done = app.lock_action(action).await;
                outcome.set(Some(done));
                busy.set(false);
            });
        })
    };
    let (label, working) = purpose.button();
    html! {
        <form {onsubmit} novalidate=true>
            if let Some(Err(message)) = &*outcome { <div class="error-summary" role="alert"><p>{ message }</p></div> }
            if let (Some(Ok(())), Purpose::Change) = (&*outcome, purpose) {
                <p class="confirmation" role="status">{ "Your PIN or passphrase is changed." }</p>
            }
            { for purpose.fields().iter().map(|&(id, label, hint, new)| {
                html! {
                    <>
                        <label class="label" for={id}>{ label }</label>
                        if let Some((hint_id, hint)) = hint { <p class="hint" id={hint_id}>{ hint }</p> }
                        <input {id} class="input" type="password" spellcheck="false" autocapitalize="none"
                            autocomplete={if new { "new-password" } else { "current-password" }}
                            aria-describedby={hint.map(|(hint_id, _)| hint_id)} />
                    </>
                }
            }) }
            <button type="submit" class={if matches!(purpose, Purpose::Unlock | Purpose::PasskeyUnlock) { "button button--wide" } else { "button" }} disabled={*busy}>
                { if *busy { working } else { label } }
            </button>
        </form>
    }
}

/// What is typed in the box with this id.
fn typed_in(id: &str) -> String {
    let input = gloo::utils::document().get_element_by_id(id);
    input.and_then(|i| i.dyn_into::<HtmlInputElement>().ok()).map(|i| i.value()).unwrap_or_default()
}
