//! "Get help now": crisis support, always one tap from the header.

use crate::components::crisis_card::CrisisCard;
use yew::prelude::*;

/// A plain function, not a component: it has no state of its own (see [`super::not_found::not_found`]).
pub fn support() -> Html {
    html! {
        <>
            <h1>{ "Get help now" }</h1>
            <CrisisCard />
            <section class="card">
                <h2>{ "If it is not urgent" }</h2>
                <p>{ "Talk to your link worker, your GP or your probation practitioner. You can also ask at any group you go to." }</p>
            </section>
        </>
    }
}
