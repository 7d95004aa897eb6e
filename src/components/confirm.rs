//! Asking before doing harm: a button that ends or removes something first asks, in place, saying
//! what will happen, with "Yes, …" and "No, …". The question is brought into view and focused; "No"
//! puts focus back on the button that asked. An accessible alternative to `window.confirm`.

use crate::components::in_view::InView;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ConfirmProps {
    /// The id of the question's heading, unique on the page.
    pub id: AttrValue,
    /// The button that asks ("End phone link").
    pub label: AttrValue,
    /// Words only a screen reader needs after the label (" for Ash").
    #[prop_or_default]
    pub label_more: Option<AttrValue>,
    /// The question ("End the phone link for Ash?").
    pub question: AttrValue,
    /// What will happen, in words.
    pub children: Html,
    /// The button that does it ("Yes, end the phone link").
    pub yes: AttrValue,
    /// The button that does nothing ("No, keep the link").
    pub no: AttrValue,
    pub onconfirm: Callback<()>,
    /// Classes of the button that asks (it is a warning button unless told otherwise).
    #[prop_or_else(|| classes!("button", "button--warning"))]
    pub class: Classes,
}

#[component]
pub fn Confirm(props: &ConfirmProps) -> Html {
    let asking = use_state(|| false);
    let ask_button = use_node_ref();
    // After "No", focus goes back to the button that asked, so the person is where they were.
    let back = use_mut_ref(|| false);
    {
        let (ask_button, back) = (ask_button.clone(), back.clone());
        use_effect_with(*asking, move |asking| {
            if !*asking && std::mem::take(&mut *back.borrow_mut()) {
                if let Some(button) = ask_button.cast::<web_sys::Element>() {
                    crate::browser::focus(&button);
                }
            }
        });
    }
    if !*asking {
        let asking = asking.clone();
        return html! {
            <button type="button" ref={ask_button} class={props.class.clone()} onclick={Callback::from(move |_| asking.set(true))}>
                { &props.label }
                if let Some(more) = &props.label_more { <span class="visually-hidden">{ more }</span> }
            </button>
        };
    }
    let yes = {
        let (asking, onconfirm) = (asking.clone(), props.onconfirm.clone());
        Callback::from(move |_: MouseEvent| {
            asking.set(false);
            onconfirm.emit(());
        })
    };
    let no = {
        let asking = asking.clone();
        Callback::from(move |_: MouseEvent| {
            *back.borrow_mut() = true;
            asking.set(false);
        })
    };
    html! {
        <InView class="confirm" role="group" labelledby={props.id.clone()}>
            <h3 class="confirm__question" id={props.id.clone()}>{ &props.question }</h3>
            { props.children.clone() }
            <div class="button-row">
                <button type="button" class="button button--warning" onclick={yes}>{ &props.yes }</button>
                <button type="button" class="button button--secondary" onclick={no}>{ &props.no }</button>
            </div>
        </InView>
    }
}
