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
    let navigator = use_navigator();
    html! {
        <nav class="bottom-nav" aria-label="Main menu">
            <ul>
                { for ITEMS.iter().map(|(route, label)| {
                    let active = current.as_ref() == Some(route)
                        || (matches!(route, Route::Groups) && matches!(current, Some(Route::Session { .. })));
                    let onclick = {
                        let (navigator, route) = (navigator.clone(), route.clone());
                        Callback::from(move |e: MouseEvent| {
                            if let Some(navigator) = &navigator {
                                e.prevent_default();
                                navigator.push(&route);
                            }
                        })
                    };
                    // A plain link (yew-router's Link takes no aria attributes), so a screen reader
                    // hears which page is open.
                    html! {
                        <li>
                            <a href={route.to_path()} {onclick} aria-current={active.then_some("page")}
                                class={classes!("bottom-nav__link", active.then_some("bottom-nav__link--active"))}>
                                { *label }
                            </a>
                        </li>
                    }
                }) }
            </ul>
        </nav>
    }
}
