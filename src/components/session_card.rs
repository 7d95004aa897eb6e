//! One scheduled session: what, when (UK time), where, access, whether it is cancelled, and what the
//! participant can do with it (add to calendar, check in).

use crate::app::Route;
use crate::browser;
use steady_domain::{ics, Session};
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SessionCardProps {
    pub session: Session,
    /// Show the "I'm here" / check-in link when check-in is open.
    #[prop_or(true)]
    pub actions: bool,
}

#[component]
pub fn SessionCard(props: &SessionCardProps) -> Html {
    let app = crate::hooks::use_app();
    let problem = use_state(|| None::<String>);
    let s = &props.session;
    let linked = app.state().sharing.link.is_some();
    let joined = app.state().sharing.joined_groups.contains(&s.group_id);
    let toggle_join = {
        let (app, problem, group) = (app.clone(), problem.clone(), s.group_id.clone());
        Callback::from(move |_: MouseEvent| {
            let (app, problem, group) = (app.clone(), problem.clone(), group.clone());
            wasm_bindgen_futures::spawn_local(async move {
                problem.set(app.join_group(&group, !joined).await.err());
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
    let heading_id = format!("session-{}", s.id.0);
    html! {
        <article class={classes!("session-card", s.cancelled.then_some("session-card--cancelled"))} aria-labelledby={heading_id.clone()}>
            <p class="session-card__kind">{ s.kind.label() }</p>
            <h3 id={heading_id}>{ &s.group_name }</h3>
            if s.cancelled {
                <p class="tag tag--cancelled"><strong>{ "Cancelled" }</strong>{ " – this session will not take place" }</p>
            }
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
                    if s.check_in_open(now) {
                        <Link<Route> to={Route::Session { id: s.id.0.clone() }} classes="button">{ "I'm here" }</Link<Route>>
                    }
                    if !s.cancelled {
                        <button type="button" class="button button--secondary" onclick={add_to_calendar}>
                            { "Add to calendar" }
                        </button>
                    }
                    if linked && !s.cancelled {
                        <button type="button" class="button button--secondary" aria-pressed={joined.to_string()} onclick={toggle_join}>
                            { if joined { "You said you'd like to come" } else { "I'd like to come" } }
                        </button>
                    }
                </div>
                if let Some(p) = &*problem { <p class="notice" role="alert">{ p }</p> }
            }
        </article>
    }
}
