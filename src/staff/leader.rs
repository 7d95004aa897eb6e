//! A group leader's home: today's and upcoming sessions of their groups, with the register one tap
//! away, and cancelling or moving a session. The list is kept on the device for when there is no signal.

use crate::browser;
use crate::staff::hooks::{use_api, use_error_text, use_staff};
use crate::staff::service;
use crate::staff::Route;
use steady_domain::attendance::{LedSession, SessionChange};
use steady_domain::{Day, Timestamp};
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

#[component]
pub fn Leader() -> Html {
    let staff = use_staff();
    let errors = use_error_text();
    let message = use_state(|| None::<String>);
    let reload = {
        let staff = staff.clone();
        Callback::from(move |_: ()| {
            let staff = staff.clone();
            wasm_bindgen_futures::spawn_local(async move { staff.load_sessions().await });
        })
    };
    {
        let reload = reload.clone();
        use_effect_with((), move |_| reload.emit(()));
    }
    let change = {
        let (reload, message, errors) = (reload.clone(), message.clone(), errors.clone());
        Callback::from(move |(id, change): (String, SessionChange)| {
            let (reload, message, errors) = (reload.clone(), message.clone(), errors.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match service::change_session(&id, &change).await {
                    Ok(s) => message.set(Some(format!(
                        "Saved. {} is now {}{}.",
                        s.group_name,
                        s.when_label(),
                        if s.cancelled { " (cancelled)" } else { "" }
                    ))),
                    Err(e) => message.set(Some(errors.of(e))),
                }
                reload.emit(());
            });
        })
    };
    let today = browser::now().uk_day();
    html! {
        <>
            <h1>{ "Your sessions" }</h1>
            <crate::staff::SignOut />
            <NewSession onadded={let r = reload.clone(); Callback::from(move |_| r.emit(()))} />
            if let Some(m) = &*message { <p class="notice" role="status">{ m }</p> }
            { match &staff.state().sessions {
                None => html! { <p role="status">{ "Loading…" }</p> },
                Some(Err(m)) => html! { <p class="notice" role="alert">{ m }</p> },
                Some(Ok(sessions)) => html! {
                    <>
                        if sessions.offline { <p class="sharing-status" role="status">{ "No signal: showing the list saved on this device." }</p> }
                        if sessions.list.is_empty() { <p class="empty">{ "No sessions of your groups in the next four weeks." }</p> }
                        { for sessions.list.iter().map(|s| html! {
                            <SessionRow led={s.clone()} {today} refused={staff.state().refused(&s.session.id.0).len()} onchange={change.clone()} />
                        }) }
                    </>
                },
            } }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct SessionRowProps {
    led: LedSession,
    today: Day,
    /// Taps of this session's register that the server refused, waiting for the leader.
    refused: usize,
    onchange: Callback<(String, SessionChange)>,
}

#[component]
fn SessionRow(props: &SessionRowProps) -> Html {
    let s = &props.led.session;
    let moving = use_state(|| false);
    let new_start = use_state(|| format!("{}T{}", s.starts_at.uk_day(), s.starts_at.uk().clock()));
    let id = s.id.0.clone();
    let toggle_cancel = {
        let (onchange, id, cancelled) = (props.onchange.clone(), id.clone(), s.cancelled);
        Callback::from(move |_: MouseEvent| {
            onchange.emit((id.clone(), SessionChange { cancelled: Some(!cancelled), ..SessionChange::default() }))
        })
    };
    let save_move = {
        let (onchange, id, new_start, moving) = (props.onchange.clone(), id.clone(), new_start.clone(), moving.clone());
        let minutes = (s.ends_at.millis() - s.starts_at.millis()) / 60_000;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(starts_at) = Timestamp::parse_uk_local(&new_start) else { return };
            onchange.emit((
                id.clone(),
                SessionChange {
                    starts_at: Some(starts_at),
                    ends_at: Some(starts_at.plus_minutes(minutes)),
                    ..SessionChange::default()
                },
            ));
            moving.set(false);
        })
    };
    let day = s.starts_at.uk_day();
    html! {
        <article class={classes!("session-card", s.cancelled.then_some("session-card--cancelled"))}>
            <p class="session-card__kind">{ if day == props.today { "Today".to_string() } else { day.long_label() } }</p>
            <h2>{ &s.group_name }</h2>
            if s.cancelled { <p class="tag tag--cancelled"><strong>{ "Cancelled" }</strong></p> }
            <p>{ s.when_label() }<br />{ &s.meeting_point }</p>
            <p>{ format!("{} said they would come.", props.led.expected) }</p>
            if props.refused > 0 {
                <p class="notice notice--warning">{ match props.refused {
                    1 => "1 tap could not be saved. Take the register to fix it.".to_string(),
                    n => format!("{n} taps could not be saved. Take the register to fix them."),
                } }</p>
            }
            <div class="button-row">
                if !s.cancelled {
                    <Link<Route> to={Route::Register { id: id.clone() }} classes="button">{ "Take the register" }</Link<Route>>
                }
                <button type="button" class="button button--secondary" onclick={let m = moving.clone(); Callback::from(move |_| m.set(!*m))}>{ "Move" }</button>
                <button type="button" class="button button--secondary" onclick={toggle_cancel}>{ if s.cancelled { "Restore session" } else { "Cancel session" } }</button>
            </div>
            if *moving {
                <form onsubmit={save_move} novalidate=true>
                    <label class="label" for={format!("move-{id}")}>{ "New start (UK time)" }</label>
                    <input id={format!("move-{id}")} class="input" type="datetime-local" value={(*new_start).clone()}
                        oninput={let n = new_start.clone(); Callback::from(move |e: InputEvent| n.set(e.target_unchecked_into::<HtmlInputElement>().value()))} />
                    <button type="submit" class="button">{ "Save new time" }</button>
                </form>
            }
        </article>
    }
}

#[derive(Properties, PartialEq)]
struct NewSessionProps {
    onadded: Callback<()>,
}

/// "Add a session" to one of the leader's groups.
#[component]
fn NewSession(props: &NewSessionProps) -> Html {
    let errors = use_error_text();
    let loaded = use_api((), service::leader_groups);
    let groups = loaded.get().and_then(|r| r.as_ref().ok()).cloned().unwrap_or_default();
    let group = use_state(String::new);
    let start = use_state(String::new);
    let minutes = use_state(|| "90".to_string());
    let result = use_state(|| None::<Result<String, String>>);
    if groups.is_empty() {
        return Html::default();
    }
    let onsubmit = {
        let (groups, group, start, minutes, result, onadded) =
            (groups.clone(), group.clone(), start.clone(), minutes.clone(), result.clone(), props.onadded.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let chosen = if group.is_empty() {
                groups.first().map(|g| g.id.clone()).unwrap_or_default()
            } else {
                (*group).clone()
            };
            let (Some(starts_at), Ok(length)) = (Timestamp::parse_uk_local(&start), minutes.parse::<i64>()) else {
                return result
                    .set(Some(Err("Enter the date and time it starts, and how many minutes it lasts.".into())));
            };
            let change = SessionChange {
                starts_at: Some(starts_at),
                ends_at: Some(starts_at.plus_minutes(length)),
                ..SessionChange::default()
            };
            let (result, onadded, errors) = (result.clone(), onadded.clone(), errors.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match service::create_session(&chosen, &change).await {
                    Ok(s) => {
                        result.set(Some(Ok(format!("Added: {}, {}.", s.group_name, s.when_label()))));
                        onadded.emit(());
                    }
                    Err(e) => result.set(Some(Err(errors.of(e)))),
                }
            });
        })
    };
    let field = |state: &UseStateHandle<String>| {
        let s = state.clone();
        Callback::from(move |e: InputEvent| s.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    html! {
        <details class="card">
            <summary>{ "Add a session" }</summary>
            <form {onsubmit} novalidate=true>
                if let Some(Err(m)) = &*result { <div class="error-summary" role="alert"><p>{ m }</p></div> }
                <label class="label" for="new-group">{ "Group" }</label>
                <select id="new-group" class="input"
                    onchange={let g = group.clone(); Callback::from(move |e: Event| g.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))}>
                    { for groups.iter().map(|g| html! { <option value={g.id.clone()} selected={*group == g.id}>{ &g.name }</option> }) }
                </select>
                <label class="label" for="new-start">{ "Starts (UK time)" }</label>
                <input id="new-start" class="input" type="datetime-local" value={(*start).clone()} oninput={field(&start)} />
                <label class="label" for="new-minutes">{ "Lasts (minutes)" }</label>
                <input id="new-minutes" class="input input--date" type="number" min="15" max="720" step="15" value={(*minutes).clone()} oninput={field(&minutes)} />
                <button type="submit" class="button">{ "Add session" }</button>
                if let Some(Ok(m)) = &*result { <p class="confirmation" role="status">{ m }</p> }
            </form>
        </details>
    }
}
