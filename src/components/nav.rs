//! The bottom menu: every main page one thumb-tap away.

use crate::app::Route;
use yew::prelude::*;
use yew_router::prelude::*;

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
                    let active = current.as_ref() == Some(route)
                        || (matches!(route, Route::Groups) && matches!(current, Some(Route::Session { .. })));
                    html! {
                        <li>
                            <Link<Route> to={route.clone()} classes={classes!("bottom-nav__link", active.then_some("bottom-nav__link--active"))}>
                                { *label }
                            </Link<Route>>
                        </li>
                    }
                }) }
            </ul>
        </nav>
    }
}
