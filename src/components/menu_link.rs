//! One link of a menu (the participant's bottom menu, the staff menu) that says which page is open:
//! `aria-current="page"`, so a screen reader hears it, and a class for the visible marker. A plain
//! link, because the router's `Link` takes no aria attributes; a click moves within the app.

use crate::router::*;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MenuLinkProps<R: Routable + 'static> {
    pub to: R,
    pub label: AttrValue,
    /// Whether this link's page (or one inside it) is open.
    pub current: bool,
    /// The link's class; the open one also gets `{class}--active`.
    pub class: &'static str,
}

#[component]
pub fn MenuLink<R: Routable + 'static>(props: &MenuLinkProps<R>) -> Html {
    menu_link(&use_navigator(), &props.to, props.label.clone(), props.current, props.class)
}

/// The same link drawn by a plain function, for a menu that is one itself (the participant's bottom
/// menu): each component type costs the `.wasm` its own copy of yew's lifecycle code.
pub fn menu_link<R: Routable>(
    navigator: &Navigator,
    to: &R,
    label: AttrValue,
    current: bool,
    class: &'static str,
) -> Html {
    let onclick = navigator.on_click(to);
    let active = current.then(|| format!("{class}--active"));
    html! {
        <a href={to.to_path()} {onclick} aria-current={current.then_some("page")} class={classes!(class, active)}>
            { label }
        </a>
    }
}
