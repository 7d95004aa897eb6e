//! Groups: the schedule by day, from the copy saved on the phone, refreshed when there is signal; all
//! groups, or only the ones the participant joined.

use crate::browser;
use crate::components::session_card::SessionCard;
use crate::hooks::use_app;
use crate::state::ScheduleStatus;
use yew::prelude::*;

#[component]
pub fn Groups() -> Html {
    let app = use_app();
    let mine = use_state(|| false);
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
    let joined = &state.sharing.joined_groups;
    let upcoming: Vec<_> = state
        .schedule
        .iter()
        .filter(|s| s.ends_at.plus_minutes(60) > now && (!*mine || joined.contains(&s.group_id)))
        .collect();
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
            <div class="schedule-status">
                <p class="hint">{ updated }</p>
                <button type="button" class="button button--secondary button--small" onclick={refresh}
                    disabled={state.schedule_status == ScheduleStatus::Refreshing}>{ "Check for changes" }</button>
            </div>
            { for status }
            <div class="segmented" role="group" aria-label="Show">
                { for [(false, "All groups"), (true, "My groups")].into_iter().map(|(value, label)| {
                    let m = mine.clone();
                    html! {
                        <button type="button" class="segmented__option" aria-pressed={(*mine == value).to_string()}
                            onclick={Callback::from(move |_| m.set(value))}>{ label }</button>
                    }
                }) }
            </div>
            if days.is_empty() && *mine {
                <p class="empty">{ if joined.is_empty() {
                    "You have not joined a group yet. Choose \"All groups\", then \"Join this group\" on a group you would like to go to."
                } else {
                    "None of your groups has a session in the next four weeks."
                } }</p>
            } else if days.is_empty() {
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
