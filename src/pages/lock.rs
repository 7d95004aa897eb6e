//! The lock screen: shown instead of every page while Steady is locked. It shows nothing personal (no
//! name, no sharing status, no next group). "Get help now" stays in the header, reachable without
//! unlocking. When the person turned it on, "Unlock with fingerprint or face" comes first; the PIN form
//! is always there, and a fingerprint or face that does not open Steady is never a wrong try. After wrong
//! tries it offers, never forces, to erase this phone's data; "Forgot your PIN?" does the same after a
//! clear warning.

use crate::components::secret_form::{Purpose, SecretForm};
use crate::hooks::use_app;
use steady_domain::lock::offers_erase;
use yew::prelude::*;

#[component]
pub fn LockScreen() -> Html {
    let app = use_app();
    let asking = use_state(|| false);
    let problem = use_state(|| None::<String>);
    let many_tries = offers_erase(app.state().lock.tries.failed);
    let passkey = app.state().lock.passkey;
    let set_asking = |to: bool| {
        let asking = asking.clone();
        Callback::from(move |_: MouseEvent| asking.set(to))
    };
    let erase = {
        let problem = problem.clone();
        Callback::from(move |_: MouseEvent| {
            let (app, problem) = (app.clone(), problem.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = app.delete_everything(false).await {
                    problem.set(Some(format!("Nothing was erased. {e}")));
                }
            });
        })
    };
    html! {
        <>
            <h1>{ "Steady is locked" }</h1>
            <div class="card">
                if passkey {
                    <SecretForm purpose={Purpose::PasskeyUnlock} />
                    <p class="hint">{ "Or type your PIN or passphrase." }</p>
                }
                <SecretForm purpose={Purpose::Unlock} />
            </div>
            if many_tries {
                <div class="notice" role="status">
                    <p>{ "If you cannot remember your PIN or passphrase, you can erase Steady's data on this phone and start again." }</p>
                </div>
            }
            if *asking {
                <section class="warning" role="alert" aria-labelledby="forget-title">
                    <h2 id="forget-title">{ "Erase Steady's data on this phone?" }</h2>
                    <p><strong>{ "Without your PIN or passphrase nobody can open your entries, not even Steady. The only way back in is to erase them." }</strong></p>
                    <ul>
                        <li>{ "This deletes every entry, note, check-in, wellbeing answer and setting on this phone. It cannot be undone." }</li>
                        <li>{ "Anything you already shared with your link worker stays with them." }</li>
                        <li>{ "To link this phone again, you will need a new code from your link worker." }</li>
                    </ul>
                    if let Some(message) = &*problem { <p class="error-summary">{ message }</p> }
                    <div class="button-row">
                        <button type="button" class="button button--warning" onclick={erase}>{ "Yes, erase this phone's Steady data" }</button>
                        <button type="button" class="button button--secondary" onclick={set_asking(false)}>{ "Cancel" }</button>
                    </div>
                </section>
            } else {
                <button type="button" class="button button--plain" onclick={set_asking(true)}>
                    { if many_tries { "Erase this phone's Steady data" } else { "Forgot your PIN?" } }
                </button>
            }
        </>
    }
}
