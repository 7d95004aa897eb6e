//! The staff menu under the header: the pages of the signed-in person's role, the open one marked
//! with `aria-current="page"` so a screen reader hears where they are, and "Sign out".

use super::hooks::use_staff;
use super::service::StaffHandle;
use super::Route;
use crate::components::menu_link::MenuLink;
use crate::router::*;
use steady_domain::accounts::Role;
use yew::prelude::*;

/// The menu's pages for each role, each with the pages that count as inside it.
fn items(role: Role) -> &'static [(Route, &'static str)] {
    match role {
        Role::LinkWorker => {
            &[(Route::Caseload, "Caseload"), (Route::Referrals, "Referrals"), (Route::Reports, "Reports")]
        }
        Role::Leader => &[(Route::Leader, "Your sessions")],
        Role::Admin => &[(Route::AccessLog, "Administration"), (Route::Referrals, "Referrals")],
    }
}

/// Whether `current` is `item` or a page reached from it (a participant from the caseload, a
/// referral from the referrals, a register from the sessions).
fn within(item: &Route, current: &Route) -> bool {
    item == current
        || matches!(
            (item, current),
            (Route::Caseload, Route::StaffParticipant { .. })
                | (Route::Referrals, Route::NewReferral | Route::Referral { .. })
                | (Route::Leader, Route::Register { .. })
        )
}

#[component]
pub fn StaffMenu() -> Html {
    let staff = use_staff();
    let current = use_route::<Route>();
    let navigator = use_navigator();
    let Some(me) = staff.state().me.as_ref() else { return Html::default() };
    html! {
        <nav class="staff-nav" aria-label="Staff menu">
            <ul class="staff-nav__list">
                { for items(me.role).iter().map(|(route, label)| {
                    let here = within(route, &current);
                    html! { <li><MenuLink<Route> to={route.clone()} label={*label} current={here} class="staff-nav__link" /></li> }
                }) }
                <li class="staff-nav__sign-out">{ sign_out(&staff, navigator) }</li>
            </ul>
        </nav>
    }
}

/// "Sign out": ends the session on the server, forgets everything in memory, and goes to sign-in.
fn sign_out(staff: &StaffHandle, navigator: Navigator) -> Html {
    let staff = staff.clone();
    let onclick = Callback::from(move |_: MouseEvent| {
        let (navigator, staff) = (navigator.clone(), staff.clone());
        wasm_bindgen_futures::spawn_local(async move {
            staff.sign_out().await;
            navigator.push(&Route::StaffSignIn);
        });
    });
    html! { <button type="button" class="staff-nav__button" {onclick}>{ "Sign out" }</button> }
}
