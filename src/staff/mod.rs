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
                <a class="skip-link" href="#main">{ "Skip to main content" }</a>
                <header class="app-header app-header--staff">
                    <Link<Route> to={state.home()} classes="app-header__name">{ "Steady for staff" }</Link<Route>>
                </header>
                <main id="main" class="page" tabindex="-1">
                    <Switch<Route> render={switch} />
                </main>
            </BrowserRouter>
        </ContextProvider<StaffContext>>
    }
}

/// "Sign out", on every signed-in staff page.
#[component]
pub fn SignOut() -> Html {
    let navigator = use_navigator();
    let staff = use_staff();
    let onclick = Callback::from(move |_: MouseEvent| {
        let (navigator, staff) = (navigator.clone(), staff.clone());
        wasm_bindgen_futures::spawn_local(async move {
            staff.sign_out().await;
            if let Some(n) = navigator {
                n.push(&Route::StaffSignIn);
            }
        });
    });
    html! { <button type="button" class="button button--secondary button--small" {onclick}>{ "Sign out" }</button> }
}

/// Starts the staff app in the page's `<body>`.
pub fn run() {
    crate::browser::cache_staff_app();
    if let Some(boot) = gloo::utils::document().get_element_by_id("boot") {
        boot.remove();
    }
    yew::Renderer::<StaffApp>::new().render();
}
