//! What it means when the link worker ended this phone's link, in words, until the person closes it:
//! otherwise the phone would just show "not linked" with no reason.

use crate::hooks::AppHandle;
use yew::prelude::*;

/// A plain function, not a component: it keeps no state, and each component type costs the `.wasm`
/// its own copy of yew's lifecycle code.
pub fn link_ended(app: &AppHandle) -> Html {
    let Some(ended) = app.state().sharing.ended.clone() else { return Html::default() };
    let onclick = {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| {
            let app = app.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = app.dismiss_link_ended().await {
                    gloo::console::warn!(e.to_string());
                }
            });
        })
    };
    html! {
        <section class="notice notice--warning" aria-labelledby="link-ended-title">
            <h2 id="link-ended-title">{ "Your phone is no longer linked" }</h2>
            <p>{ format!("{} has ended the link with this phone.", ended.link_worker_name) }</p>
            <ul class="list">
                <li>{ "Nothing more is shared from this phone." }</li>
                <li>{ "Everything you recorded is still here, and you can keep using Steady." }</li>
                <li>{ "What you shared before stays with your link worker. Ask them if you want it deleted." }</li>
                <li>{ "To link again, ask your link worker for a new linking code." }</li>
            </ul>
            <button type="button" class="button button--secondary" {onclick}>{ "OK, I understand" }</button>
        </section>
    }
}
