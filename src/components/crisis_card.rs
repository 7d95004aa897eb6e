//! Calm, one-tap crisis support: shown after a very high stress or very low wellbeing rating, and on
//! the "Get help now" page. It never blocks anything: the entry is already saved.

use steady_domain::crisis::CRISIS_LINES;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CrisisCardProps {
    /// When given, the card can be closed (it is then a notice, not a page).
    #[prop_or_default]
    pub onclose: Option<Callback<MouseEvent>>,
}

#[component]
pub fn CrisisCard(props: &CrisisCardProps) -> Html {
    html! {
        <section class="crisis-card" aria-labelledby="crisis-title">
            <h2 id="crisis-title">{ "You do not have to cope on your own" }</h2>
            <p>
                // Only shown after saving an entry (then it can be closed); on "Get help now" nothing was saved.
                if props.onclose.is_some() { { "Your entry is saved. " } }
                { "If things feel too much right now, you can talk to someone." }
            </p>
            <ul class="crisis-card__lines">
                { for CRISIS_LINES.iter().map(|line| html! {
                    <li>
                        <h3>{ line.name }</h3>
                        <p>{ line.detail }</p>
                        <a class="button button--secondary" href={line.href}>{ line.action }</a>
                    </li>
                }) }
            </ul>
            if let Some(onclose) = &props.onclose {
                <button type="button" class="button button--plain" onclick={onclose.clone()}>{ "Close" }</button>
            }
        </section>
    }
}
