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
    let onclick = use_navigator().on_click(&props.to);
    let active = props.current.then(|| format!("{}--active", props.class));
    html! {
        <a href={props.to.to_path()} {onclick} aria-current={props.current.then_some("page")} class={classes!(props.class, active)}>
            { &props.label }
        </a>
    }
}
