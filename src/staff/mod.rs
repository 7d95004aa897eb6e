//! Steady for staff: sign-in, the caseload with early-warning flags, a participant's page, the
//! referral inbox, reports and the access log. Built as its own small app (`staff.html`, the `steady-staff` binary) so that
//! participants' phones never download it. It asks the service worker to keep it for offline use, so a
//! leader can take a register with no signal.
//!
//! The same shape as the participant's app: pages read [`state`] and ask for things through
//! [`hooks`]; only [`service`] calls the server or the device's staff database.

pub mod access_log;
pub mod assign_leader;
pub mod caseload;
pub mod hooks;
pub mod leader;
pub mod menu;
pub mod participant;
pub mod referral;
pub mod referral_form;
pub mod referral_funnel;
pub mod referrals;
pub mod register;
pub mod reports;
pub mod service;
pub mod set_password;
pub mod sign_in;
pub mod state;
pub mod taps;

use crate::router::{self, BrowserRouter, Link, Routable};
use hooks::{use_staff, StaffContext};
use service::StaffHandle;
use state::StaffState;
use yew::prelude::*;

#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    StaffSignIn,
    StaffSetPassword,
    Caseload,
    AccessLog,
    Reports,
    StaffParticipant { id: String },
    Referrals,
    NewReferral,
    Referral { id: String },
    Leader,
    Register { id: String },
    NotFound,
}

impl Routable for Route {
    fn from_path(path: &str) -> Self {
        let id = |segment: &str, page: fn(String) -> Route| router::param(segment).map_or(Route::NotFound, page);
        match router::segments(path).as_slice() {
            ["staff"] => Route::StaffSignIn,
            ["staff", "set-password"] => Route::StaffSetPassword,
            ["staff", "caseload"] => Route::Caseload,
            ["staff", "access-log"] => Route::AccessLog,
            ["staff", "reports"] => Route::Reports,
            ["staff", "participants", participant] => id(participant, |id| Route::StaffParticipant { id }),
            ["staff", "referrals"] => Route::Referrals,
            ["staff", "referrals", "new"] => Route::NewReferral,
            ["staff", "referrals", referral] => id(referral, |id| Route::Referral { id }),
            ["staff", "leader"] => Route::Leader,
            ["staff", "sessions", session, "register"] => id(session, |id| Route::Register { id }),
            _ => Route::NotFound,
        }
    }

    fn to_path(&self) -> String {
        match self {
            Route::StaffSignIn => "/staff".into(),
            Route::StaffSetPassword => "/staff/set-password".into(),
            Route::Caseload => "/staff/caseload".into(),
            Route::AccessLog => "/staff/access-log".into(),
            Route::Reports => "/staff/reports".into(),
            Route::StaffParticipant { id } => format!("/staff/participants/{}", router::encode(id)),
            Route::Referrals => "/staff/referrals".into(),
            Route::NewReferral => "/staff/referrals/new".into(),
            Route::Referral { id } => format!("/staff/referrals/{}", router::encode(id)),
            Route::Leader => "/staff/leader".into(),
            Route::Register { id } => format!("/staff/sessions/{}/register", router::encode(id)),
            Route::NotFound => "/staff/404".into(),
        }
    }
}

impl Route {
    /// The page's name, for the browser tab ("Caseload – Steady for staff").
    pub fn title(&self) -> &'static str {
        match self {
            Route::StaffSignIn => "Sign in",
            Route::StaffSetPassword => "Set your password",
            Route::Caseload => "Caseload",
            Route::AccessLog => "Administration",
            Route::Reports => "Reports",
            Route::StaffParticipant { .. } => "Participant",
            Route::Referrals => "Referrals",
            Route::NewReferral => "New referral",
            Route::Referral { .. } => "Referral",
            Route::Leader => "Your sessions",
            Route::Register { .. } => "Register",
            Route::NotFound => "Page not found",
        }
    }
}

fn switch(route: Route) -> Html {
    match route {
        Route::StaffSignIn => html! { <sign_in::StaffSignIn /> },
        Route::StaffSetPassword => html! { <set_password::StaffSetPassword /> },
        Route::Caseload => html! { <caseload::Caseload /> },
        Route::Reports => html! { <reports::Reports /> },
        Route::AccessLog => html! { <access_log::AccessLog /> },
        Route::StaffParticipant { id } => html! { <participant::StaffParticipant {id} /> },
        Route::Referrals => html! { <referrals::Referrals /> },
        Route::NewReferral => html! { <referral_form::NewReferralPage /> },
        Route::Referral { id } => html! { <referral::ReferralPage {id} /> },
        Route::Leader => html! { <leader::Leader /> },
        Route::Register { id } => html! { <register::RegisterPage {id} /> },
        Route::NotFound => html! {
            <>
                <h1>{ "Page not found" }</h1>
                <Link<Route> to={Route::StaffSignIn} classes="button">{ "Go to staff sign in" }</Link<Route>>
            </>
        },
    }
}

#[component]
pub fn StaffApp() -> Html {
    let state = use_reducer(StaffState::default);
    {
        let staff = StaffHandle::new(state.clone());
        use_effect_with((), move |_| wasm_bindgen_futures::spawn_local(async move { staff.recognise().await }));
    }
    html! {
        <ContextProvider<StaffContext> context={state.clone()}>
            <BrowserRouter>
                <Shell />
            </BrowserRouter>
        </ContextProvider<StaffContext>>
    }
}

/// The header, the menu and the open page. Moving to another page titles the tab for it, goes back
/// to the top and focuses its heading, as in the participant's app.
#[component]
fn Shell() -> Html {
    let staff = use_staff();
    let route = router::use_route::<Route>();
    let first_page = use_mut_ref(|| true);
    use_effect_with(route.clone(), move |route| {
        let moved = !std::mem::replace(&mut *first_page.borrow_mut(), false);
        crate::browser::arrive(&format!("{} – Steady for staff", route.title()), moved);
    });
    html! {
        <>
            <a class="skip-link" href="#main">{ "Skip to main content" }</a>
            <header class="app-header app-header--staff">
                <Link<Route> to={staff.state().home()} classes="app-header__name">{ "Steady for staff" }</Link<Route>>
            </header>
            <menu::StaffMenu />
            <main id="main" class="page" tabindex="-1">
                { switch(route) }
            </main>
        </>
    }
}

/// A page's heading and its body as two nodes, whatever the body holds. yew matches a list's
/// children from the end, so with the body as one node the heading stays the same element (keeping
/// the focus a page change gave it) when "Loading…" turns into the page.
pub fn titled(title: impl Into<AttrValue>, body: Html) -> Html {
    html! { <><h1>{ title.into() }</h1>{ body }</> }
}

/// Starts the staff app in the page's `<body>`.
pub fn run() {
    crate::browser::cache_staff_app();
    if let Some(boot) = gloo::utils::document().get_element_by_id("boot") {
        boot.remove();
    }
    yew::Renderer::<StaffApp>::new().render();
}
