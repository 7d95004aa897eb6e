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

use hooks::{use_staff, StaffContext};
use service::StaffHandle;
use state::StaffState;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Debug, Clone, PartialEq, Routable)]
pub enum Route {
    #[at("/staff")]
    StaffSignIn,
    #[at("/staff/set-password")]
    StaffSetPassword,
    #[at("/staff/caseload")]
    Caseload,
    #[at("/staff/access-log")]
    AccessLog,
    #[at("/staff/reports")]
    Reports,
    #[at("/staff/participants/:id")]
    StaffParticipant { id: String },
    #[at("/staff/referrals")]
    Referrals,
    #[at("/staff/referrals/new")]
    NewReferral,
    #[at("/staff/referrals/:id")]
    Referral { id: String },
    #[at("/staff/leader")]
    Leader,
    #[at("/staff/sessions/:id/register")]
    Register { id: String },
    #[not_found]
    #[at("/staff/404")]
    NotFound,
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
    let route = use_route::<Route>();
    let first_page = use_mut_ref(|| true);
    use_effect_with(route, move |route| {
        if let Some(route) = route {
            let moved = !std::mem::replace(&mut *first_page.borrow_mut(), false);
            crate::browser::arrive(&format!("{} – Steady for staff", route.title()), moved);
        }
    });
    html! {
        <>
            <a class="skip-link" href="#main">{ "Skip to main content" }</a>
            <header class="app-header app-header--staff">
                <Link<Route> to={staff.state().home()} classes="app-header__name">{ "Steady for staff" }</Link<Route>>
            </header>
            <menu::StaffMenu />
            <main id="main" class="page" tabindex="-1">
                <Switch<Route> render={switch} />
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
