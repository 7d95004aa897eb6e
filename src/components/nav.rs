//! The bottom menu: every main page one thumb-tap away.

use crate::app::Route;
use crate::components::menu_link::menu_link;
use crate::router::Navigator;
use yew::prelude::*;

const ITEMS: [(Route, &str); 5] = [
    (Route::Home, "Home"),
    (Route::Groups, "Groups"),
    (Route::History, "History"),
    (Route::Wellbeing, "Wellbeing"),
    (Route::MyData, "My data"),
];

/// The menu, with the open page (`current`) marked. A plain function, not a component: it keeps no
/// state, and each component type costs the `.wasm` its own copy of yew's lifecycle code.
pub fn bottom_nav(current: &Route, navigator: &Navigator) -> Html {
    html! {
        <nav class="bottom-nav" aria-label="Main menu">
            <ul>
                { for ITEMS.iter().map(|(route, label)| {
                    let active = current == route
                        || (matches!(route, Route::Groups) && matches!(current, Route::Session { .. }))
                        || (matches!(route, Route::History) && matches!(current, Route::EditEntry { .. }));
                    html! { <li>{ menu_link(navigator, route, AttrValue::Static(label), active, "bottom-nav__link") }</li> }
                }) }
            </ul>
        </nav>
    }
}
