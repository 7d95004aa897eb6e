//! The bottom menu: every main page one thumb-tap away.

use crate::app::Route;
use crate::components::menu_link::MenuLink;
use crate::router::*;
use yew::prelude::*;

const ITEMS: [(Route, &str); 5] = [
    (Route::Home, "Home"),
    (Route::Groups, "Groups"),
    (Route::History, "History"),
    (Route::Wellbeing, "Wellbeing"),
    (Route::MyData, "My data"),
];

#[component]
pub fn BottomNav() -> Html {
    let current = use_route::<Route>();
    html! {
        <nav class="bottom-nav" aria-label="Main menu">
            <ul>
                { for ITEMS.iter().map(|(route, label)| {
                    let active = current == *route
                        || (matches!(route, Route::Groups) && matches!(current, Route::Session { .. }))
                        || (matches!(route, Route::History) && matches!(current, Route::EditEntry { .. }));
                    html! { <li><MenuLink<Route> to={route.clone()} label={*label} current={active} class="bottom-nav__link" /></li> }
                }) }
            </ul>
        </nav>
    }
}
