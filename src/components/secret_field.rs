//! The lock's form parts: a PIN or passphrase box (masked, never autofilled into the wrong place), and
//! a form submit that runs one action at a time and shows what went wrong.

use std::future::Future;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SecretFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// `current-password` to unlock, `new-password` when setting one.
    pub autocomplete: AttrValue,
    pub value: UseStateHandle<String>,
}

#[component]
pub fn SecretField(props: &SecretFieldProps) -> Html {
    let hint_id = format!("{}-hint", props.id);
    let oninput = {
        let value = props.value.clone();
        Callback::from(move |e: InputEvent| value.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    html! {
        <>
            <label class="label" for={props.id.clone()}>{ props.label.clone() }</label>
            if let Some(hint) = &props.hint { <p class="hint" id={hint_id.clone()}>{ hint.clone() }</p> }
            <input id={props.id.clone()} class="input" type="password" autocomplete={props.autocomplete.clone()}
                spellcheck="false" autocapitalize="none" value={(*props.value).clone()} {oninput}
                aria-describedby={props.hint.as_ref().map(|_| hint_id)} />
        </>
    }
}

/// A form's submit: runs `work` (not again while it runs) and shows its error in `problem`, or clears it.
pub fn submitting<F, Fut>(
    busy: UseStateHandle<bool>,
    problem: UseStateHandle<Option<String>>,
    work: F,
) -> Callback<SubmitEvent>
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<(), String>> + 'static,
{
    Callback::from(move |e: SubmitEvent| {
        e.prevent_default();
        if *busy {
            return;
        }
        busy.set(true);
        let (busy, problem, running) = (busy.clone(), problem.clone(), work());
        wasm_bindgen_futures::spawn_local(async move {
            problem.set(running.await.err());
            busy.set(false);
        });
    })
}
