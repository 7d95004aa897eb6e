//! A page address Steady does not know.

use crate::app::Route;
use crate::router::*;
use yew::prelude::*;

/// A plain function, not a component: it has no state of its own, and each component type costs the
/// `.wasm` its own copy of yew's lifecycle code.
pub fn not_found(navigator: &Navigator) -> Html {
    html! {
        <>
            <h1>{ "Page not found" }</h1>
            <p>{ "If you typed the web address, check it is correct." }</p>
            { link(navigator, &Route::Home, "button", html! { "Go to the home page" }) }
        </>
    }
}
