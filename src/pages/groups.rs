//! Groups: the schedule by day, from the copy saved on the phone, refreshed when there is signal.

use crate::browser;
use crate::components::session_card::SessionCard;
use crate::hooks::use_app;
use crate::state::ScheduleStatus;
use yew::prelude::*;

#[component]
pub fn Groups() -> Html {
    let app = use_app();
    let state = app.state();
    let now = browser::now();
    let refresh = {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| {
            let app = app.clone();
            wasm_bindgen_futures::spawn_local(async move { app.refresh_schedule().await });
        })
    };
    let updated = match state.schedule_fetched_at {
        Some(at) => format!("Last updated {}.", at.relative_label(now)),
        None => "Not downloaded yet.".to_string(),
    };
    let status = match &state.schedule_status {
        ScheduleStatus::Refreshing => Some(html! { <p role="status">{ "Checking for changes…" }</p> }),
        ScheduleStatus::Failed(message) => Some(html! { <p class="notice" role="status">{ message }</p> }),
        ScheduleStatus::Idle => None,
    };
    let upcoming: Vec<_> = state.schedule.iter().filter(|s| s.ends_at.plus_minutes(60) > now).collect();
    let mut days: Vec<(steady_domain::Day, Vec<&steady_domain::Session>)> = Vec::new();
    for s in upcoming {
        let day = s.starts_at.uk_day();
        match days.last_mut() {
            Some((d, list)) if *d == day => list.push(s),
            _ => days.push((day, vec![s])),
        }
    }
    let today = now.uk_day();
    html! {
        <>
            <h1>{ "Groups" }</h1>
            if state.sharing.link.is_some() { <CodeCheckIn /> }
            <div class="schedule-status">
                <p class="hint">{ updated }</p>
                <button type="button" class="button button--secondary button--small" onclick={refresh}
                    disabled={state.schedule_status == ScheduleStatus::Refreshing}>{ "Check for changes" }</button>
            </div>
            { for status }
            if days.is_empty() {
                <p class="empty">{ if state.schedule_fetched_at.is_some() {
                    "There are no sessions in the next four weeks."
                } else {
                    "Your groups will show here once Steady has had signal once."
                } }</p>
            }
            { for days.into_iter().map(|(day, sessions)| html! {
                <section class="day" aria-label={day.long_label()}>
                    <h2 class="day__title">{ if day == today { format!("Today, {}", day.short_label()) } else { day.long_label() } }</h2>
                    { for sessions.into_iter().map(|s| html! { <SessionCard session={s.clone()} /> }) }
                </section>
            }) }
        </>
    }
}

/// "Check in with a code": the 6 numbers a group leader shows.
#[component]
fn CodeCheckIn() -> Html {
    let app = use_app();
    let code = use_state(String::new);
    let result = use_state(|| None::<Result<String, String>>);
    let onsubmit = {
        let (app, code, result) = (app.clone(), code.clone(), result.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (app, code, result) = (app.clone(), code.clone(), result.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = app.check_in_with_code(&code).await;
                if outcome.is_ok() {
                    code.set(String::new());
                }
                result.set(Some(outcome));
            });
        })
    };
    html! {
        <form class="card" {onsubmit} novalidate=true aria-labelledby="code-title">
            <h2 id="code-title">{ "At a group? Check in with a code" }</h2>
            if let Some(Err(m)) = &*result { <div class="error-summary" role="alert"><p>{ m }</p></div> }
            <label class="label" for="session-code">{ "Session code" }</label>
            <p class="hint" id="session-code-hint">{ "The 6 numbers your group leader shows" }</p>
            <input id="session-code" class="input input--code" type="text" inputmode="numeric" autocomplete="off" maxlength="7"
                aria-describedby="session-code-hint" value={(*code).clone()}
                oninput={let c = code.clone(); Callback::from(move |e: InputEvent| c.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()))} />
            <button type="submit" class="button">{ "Check in" }</button>
            if let Some(Ok(m)) = &*result { <p class="confirmation" role="status">{ m }</p> }
        </form>
    }
}
