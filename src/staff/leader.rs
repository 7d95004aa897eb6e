//! A group leader's home: today's and upcoming sessions of their groups, with the register one tap
//! away, and cancelling or moving a session. The list is kept on the device for when there is no signal.

use crate::browser;
use crate::staff::caseload::staff_error;
use crate::staff::Route;
use crate::storage::staff::StaffStorage;
use crate::sync::staff;
use steady_domain::attendance::{LedSession, SessionChange};
use steady_domain::{Day, Timestamp};
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

/// The leader's sessions from the server, or the copy on the device when there is no signal.
async fn load() -> Result<(Vec<LedSession>, bool), String> {
    let storage = StaffStorage::open().await.map_err(|e| e.to_string())?;
    match staff::leader_sessions().await {
        Ok(sessions) => {
            storage.set_leader_sessions(&sessions).await.map_err(|e| e.to_string())?;
            Ok((sessions, false))
        }
        Err(e) if e.is_transient() => match storage.leader_sessions().await.map_err(|e| e.to_string())? {
            Some(sessions) => Ok((sessions, true)),
            None => Err(e.message()),
        },
        Err(e) => Err(e.message()),
    }
}

#[component]
pub fn Leader() -> Html {
    let navigator = use_navigator();
    let sessions = use_state(|| None::<Result<(Vec<LedSession>, bool), String>>);
    let message = use_state(|| None::<String>);
    let reload = {
        let sessions = sessions.clone();
        Callback::from(move |_: ()| {
            let sessions = sessions.clone();
            wasm_bindgen_futures::spawn_local(async move { sessions.set(Some(load().await)) });
        })
    };
    {
        let reload = reload.clone();
        use_effect_with((), move |_| reload.emit(()));
    }
    let change = {
        let (reload, message, navigator) = (reload.clone(), message.clone(), navigator.clone());
        Callback::from(move |(id, change): (String, SessionChange)| {
            let (reload, message, navigator) = (reload.clone(), message.clone(), navigator.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match staff::change_session(&id, &change).await {
                    Ok(s) => message.set(Some(format!("Saved. {} is now {}{}.", s.group_name, s.when_label(), if s.cancelled { " (cancelled)" } else { "" }))),
                    Err(e) => message.set(Some(staff_error(e, &navigator))),
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
            if let Some(m) = &*message { <p class="notice" role="status">{ m }</p> }
            { match &*sessions {
                None => html! { <p role="status">{ "Loading…" }</p> },
                Some(Err(m)) => html! { <p class="notice" role="alert">{ m }</p> },
                Some(Ok((list, offline))) => html! {
                    <>
                        if *offline { <p class="sharing-status" role="status">{ "No signal: showing the list saved on this device." }</p> }
                        if list.is_empty() { <p class="empty">{ "No sessions of your groups in the next four weeks." }</p> }
                        { for list.iter().map(|s| html! { <SessionRow led={s.clone()} {today} onchange={change.clone()} /> }) }
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
        Callback::from(move |_: MouseEvent| onchange.emit((id.clone(), SessionChange { cancelled: Some(!cancelled), ..SessionChange::default() })))
    };
    let save_move = {
        let (onchange, id, new_start, moving) = (props.onchange.clone(), id.clone(), new_start.clone(), moving.clone());
        let minutes = (s.ends_at.millis() - s.starts_at.millis()) / 60_000;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some((day, time)) = new_start.split_once('T') else { return };
            let (Some(day), Some((h, m))) = (Day::parse(day), time.split_once(':')) else { return };
            let (Ok(h), Ok(m)) = (h.parse::<u8>(), m.parse::<u8>()) else { return };
            let starts_at = Timestamp::from_uk(day, h, m);
            onchange.emit((id.clone(), SessionChange { starts_at: Some(starts_at), ends_at: Some(starts_at.plus_minutes(minutes)), ..SessionChange::default() }));
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
