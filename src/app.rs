//! The app shell: routes, the shared state, the header with "Get help now", and the bottom menu.

use crate::components::crisis_card::CrisisCard;
use crate::components::nav::bottom_nav;
use crate::hooks::AppHandle;
use crate::lock::guard;
use crate::pages;
use crate::router::{self, link, BrowserRouter, Navigator, Routable};
use crate::service::AppService;
use crate::state::{Action, AppState, Phase};
use crate::storage::DB_NAME;
use yew::prelude::*;

#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    Home,
    Groups,
    Session { id: String },
    History,
    EditEntry { id: String },
    Wellbeing,
    Support,
    MyData,
    Sharing,
    Link,
    NotFound,
}

impl Routable for Route {
    fn from_path(path: &str) -> Self {
        let id = |segment: &str, page: fn(String) -> Route| router::param(segment).map_or(Route::NotFound, page);
        match router::segments(path).as_slice() {
            [] => Route::Home,
            ["groups"] => Route::Groups,
            ["groups", session] => id(session, |id| Route::Session { id }),
            ["history"] => Route::History,
            ["history", entry] => id(entry, |id| Route::EditEntry { id }),
            ["wellbeing"] => Route::Wellbeing,
            ["support"] => Route::Support,
            ["my-data"] => Route::MyData,
            ["sharing"] => Route::Sharing,
            ["link"] => Route::Link,
            _ => Route::NotFound,
        }
    }

    fn to_path(&self) -> String {
        match self {
            Route::Home => "/".into(),
            Route::Groups => "/groups".into(),
            Route::Session { id } => format!("/groups/{}", router::encode(id)),
            Route::History => "/history".into(),
            Route::EditEntry { id } => format!("/history/{}", router::encode(id)),
            Route::Wellbeing => "/wellbeing".into(),
            Route::Support => "/support".into(),
            Route::MyData => "/my-data".into(),
            Route::Sharing => "/sharing".into(),
            Route::Link => "/link".into(),
            Route::NotFound => "/404".into(),
        }
    }
}

impl Route {
    /// The page's name, for the browser tab ("History – Steady").
    pub fn title(&self) -> &'static str {
        match self {
            Route::Home => "Home",
            Route::Groups => "Groups",
            Route::Session { .. } => "Group session",
            Route::History => "History",
            Route::EditEntry { .. } => "Change an entry",
            Route::Wellbeing => "Wellbeing",
            Route::Support => "Get help now",
            Route::MyData => "My data",
            Route::Sharing => "Sharing with your link worker",
            Route::Link => "Link your phone",
            Route::NotFound => "Page not found",
        }
    }
}

fn switch(route: Route, app: &AppHandle, navigator: &Navigator) -> Html {
    match route {
        Route::Home => html! { <pages::home::Home /> },
        Route::Groups => html! { <pages::groups::Groups /> },
        Route::Session { id } => html! { <pages::session::SessionPage {id} /> },
        Route::History => html! { <pages::history::History /> },
        Route::EditEntry { id } => pages::edit_entry::edit_entry(app, &id, navigator),
        Route::Wellbeing => html! { <pages::wellbeing::Wellbeing /> },
        Route::Support => pages::support::support(),
        Route::MyData => html! { <pages::my_data::MyData /> },
        Route::Sharing | Route::Link => pages::sharing::sharing(app, navigator),
        Route::NotFound => pages::not_found::not_found(navigator),
    }
}

/// How often the outbox is retried while the app is open.
const SYNC_EVERY_MS: u32 = 60_000;

#[component]
pub fn App() -> Html {
    let state = use_reducer(AppState::default);
    let service = {
        let dispatcher = state.dispatcher();
        use_memo((), move |_| AppService::new(DB_NAME, Callback::from(move |action| dispatcher.dispatch(action))))
    };
    {
        // On opening: read the phone's storage, then catch up with the server; then keep sharing up to
        // date on a timer (even if no event says the signal is back) and whenever the signal returns.
        // One effect, not three: each carries its own copy of yew's effect code.
        let service = (*service).clone();
        use_effect_with((), move |_| {
            let opening = service.clone();
            wasm_bindgen_futures::spawn_local(async move {
                opening.load().await;
                opening.sync_now().await;
                opening.check_link().await;
                opening.refresh_schedule().await;
            });
            let timed = service.clone();
            let timer = gloo::timers::callback::Interval::new(SYNC_EVERY_MS, move || timed.spawn_sync());
            let listener = gloo::events::EventListener::new(&gloo::utils::window(), "online", move |_| {
                let service = service.clone();
                service.spawn_sync();
                wasm_bindgen_futures::spawn_local(async move {
                    service.check_link().await;
                    service.refresh_schedule().await;
                });
            });
            move || drop((timer, listener))
        });
    }
    html! {
        <ContextProvider<AppHandle> context={AppHandle::new(state, (*service).clone())}>
            <BrowserRouter>
                <Shell />
            </BrowserRouter>
        </ContextProvider<AppHandle>>
    }
}

#[component]
fn Shell() -> Html {
    let app = crate::hooks::use_app();
    let state = app.state();
    let route = router::use_route::<Route>();
    let navigator = router::use_navigator();
    let first_page = use_mut_ref(|| true);
    let ready = matches!(state.phase, Phase::Ready);
    let locked = matches!(state.phase, Phase::Locked);
    let asking_for_help = matches!(route, Route::Support);
    let loading = matches!(state.phase, Phase::Loading);
    // One effect, not two (each carries its own copy of yew's effect code): arriving at a page, and
    // the end of loading.
    use_effect_with((route.clone(), ready, loading), move |(route, ready, loading)| {
        if *ready {
            let moved = !std::mem::replace(&mut *first_page.borrow_mut(), false);
            crate::browser::arrive_at(route.title(), moved);
        }
        // index.html's static shell shows the home page's first screen and the crisis numbers until
        // the diary has opened; then the app's own page takes its place in the same frame, so nothing
        // on screen goes blank or moves.
        if !loading {
            if let Some(boot) = gloo::utils::document().get_element_by_id("boot") {
                boot.remove();
            }
        }
    });
    // The background relock, catching up with a lock set in another tab, and "Quick exit" (see `guard`).
    let quick_exit = state.lock.on && state.lock.quick_exit;
    guard::use_privacy_guard(&app, ready, quick_exit);
    let onclose = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::CloseCrisis))
    };
    let body = match &state.phase {
        Phase::Loading => return Html::default(),
        Phase::Unavailable(message) => html! {
            <div class="notice notice--warning" role="alert">
                <h2>{ "Steady cannot save on this phone right now" }</h2>
                <p>{ message }</p>
                <p>{ "If you are using a private or incognito window, open Steady in a normal window." }</p>
            </div>
        },
        Phase::Ready => switch(route.clone(), &app, &navigator),
        // Locked: "Get help now" still opens; every other page shows the lock screen.
        Phase::Locked if asking_for_help => pages::support::support(),
        Phase::Locked => html! { <pages::lock::LockScreen /> },
    };
    html! {
        <>
            <a class="skip-link" href="#main">{ "Skip to main content" }</a>
            <header class="app-header">
                { link(&navigator, &Route::Home, "app-header__name", html! { "Steady" }) }
                { link(&navigator, &Route::Support, "app-header__help", html! { "Get help now" }) }
                if quick_exit { { guard::quick_exit_button(&app) } }
            </header>
            <main id="main" class="page" tabindex="-1">
                if state.show_crisis {
                    <CrisisCard {onclose} />
                }
                if !state.unreadable.is_empty() {
                    <div class="notice" role="status">
                        <p>{ unreadable_notice(state.unreadable.len()) }</p>
                    </div>
                }
                { body }
            </main>
            if !locked { { bottom_nav(&route, &navigator) } }
        </>
    }
}

fn unreadable_notice(count: usize) -> String {
    if count == 1 {
        "1 saved entry could not be read. It has been kept on this phone and is in any copy you download.".into()
    } else {
        format!("{count} saved entries could not be read. They have been kept on this phone and are in any copy you download.")
    }
}
