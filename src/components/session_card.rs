//! One scheduled session: what, when (UK time), where, access, whether it is cancelled, and what the
//! participant can do with it: check in (or out, or see they did), add it to their calendar, and join
//! or leave its group (every session of it, not this one alone).

use crate::app::Route;
use crate::browser;
use crate::router::*;
use steady_domain::{ics, Session};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SessionCardProps {
    pub session: Session,
    /// Show what can be done: "I'm here" while check-in is open, calendar, join the group.
    #[prop_or(true)]
    pub actions: bool,
}

#[component]
pub fn SessionCard(props: &SessionCardProps) -> Html {
    let app = crate::hooks::use_app();
    let navigator = use_navigator();
    let said = use_state(|| None::<Result<&'static str, String>>);
    let s = &props.session;
    let joined = app.state().sharing.joined_groups.contains(&s.group_id);
    let toggle_join = {
        let (app, said, group) = (app.clone(), said.clone(), s.group_id.clone());
        Callback::from(move |_: MouseEvent| {
            let (app, said, group) = (app.clone(), said.clone(), group.clone());
            wasm_bindgen_futures::spawn_local(async move {
                said.set(Some(app.join_group(&group, !joined).await));
            });
        })
    };
    let now = browser::now();
    let add_to_calendar = {
        let s = s.clone();
        Callback::from(move |_: MouseEvent| {
            let text = ics::session_calendar(&s, browser::now());
            if let Err(e) = browser::download(&ics::file_name(&s), "text/calendar", &text) {
                gloo::console::warn!("Could not offer the calendar file:", e);
            }
        })
    };
    // Once checked in, the card leads back to the session to check out; once checked out, it says so.
    let visit = app.state().journal.check_in_for(&s.id).and_then(|e| e.as_check_in()).map(|c| c.is_checked_out());
    let to_session = Route::Session { id: s.id.0.clone() };
    let heading_id = format!("session-{}", s.id.0);
    html! {
        <article class={classes!("session-card", s.cancelled.then_some("session-card--cancelled"))} aria-labelledby={heading_id.clone()}>
            <p class="session-card__kind">{ s.kind.label() }</p>
            <h3 id={heading_id.clone()}>{ &s.group_name }</h3>
            if s.cancelled {
                <p class="tag tag--cancelled"><strong>{ "Cancelled" }</strong>{ " – this session will not take place" }</p>
            }
            if joined { <p class="tag">{ "You have joined this group" }</p> }
            <dl class="session-card__facts">
                <dt>{ "When" }</dt><dd>{ s.when_label() }</dd>
                <dt>{ "Where" }</dt><dd>{ &s.meeting_point }</dd>
                if let Some(access) = &s.accessibility {
                    <dt>{ "Access" }</dt><dd>{ access }</dd>
                }
            </dl>
            if let Some(d) = &s.description { <p>{ d }</p> }
            if props.actions {
                <div class="button-row">
                    { match visit {
                        Some(true) => html! { <p class="confirmation">{ "You checked in and out of this session." }</p> },
                        Some(false) => link(&navigator, &to_session, "button", html! { "Check out" }),
                        None if s.check_in_open(now) => link(&navigator, &to_session, "button", html! { "I'm here" }),
                        None => Html::default(),
                    } }
                    if !s.cancelled {
                        <button type="button" class="button button--secondary" onclick={add_to_calendar}>
                            { "Add to calendar" }
                        </button>
                    }
                    if joined {
                        <a class="button button--secondary" href={ics::feed_url(&browser::host(), &s.group_id)}
                            aria-describedby={heading_id.clone()}>
                            { "Add all this group's sessions to your calendar" }
                        </a>
                    }
                    <button type="button" class="button button--secondary" onclick={toggle_join} aria-describedby={heading_id.clone()}>
                        { if joined { "Leave this group" } else { "Join this group" } }
                    </button>
                </div>
                { match &*said {
                    Some(Ok(m)) => html! { <p class="confirmation" role="status">{ *m }</p> },
                    Some(Err(p)) => html! { <p class="notice" role="alert">{ p }</p> },
                    None => Html::default(),
                } }
            }
        </article>
    }
}
