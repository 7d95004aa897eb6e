//! A group leader's home: today's and upcoming sessions of their groups, with the register one tap
//! away, and cancelling or moving a session. The list is kept on the device for when there is no signal.

use crate::browser;
use crate::components::confirm::Confirm;
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::in_view::{use_feedback, InView};
use crate::router::*;
use crate::staff::hooks::{use_api, use_error_text, use_staff};
use crate::staff::service;
use crate::staff::Route;
use steady_domain::attendance::{LedSession, SessionChange};
use steady_domain::Timestamp;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[component]
pub fn Leader() -> Html {
    let staff = use_staff();
    let errors = use_error_text();
    let message = use_feedback::<Result<String, String>>();
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
                    Ok(s) => message.show(Ok(format!(
                        "Saved. {} is now {}{}.",
                        s.group_name,
                        s.when_label(),
                        if s.cancelled { " (cancelled)" } else { "" }
                    ))),
                    Err(e) => message.show(Err(errors.of(e))),
                }
                reload.emit(());
            });
        })
    };
    let now = browser::now();
    html! {
        <>
            <h1>{ "Your sessions" }</h1>
            <NewSession onadded={let r = reload.clone(); Callback::from(move |_| r.emit(()))} />
            { match message.get() {
                Some((Ok(m), shown)) => html! { <InView {shown} class="confirmation" role="status"><p>{ m }</p></InView> },
                Some((Err(m), shown)) => html! { <InView {shown} class="notice notice--warning" role="alert"><p>{ m }</p></InView> },
                None => html! {},
            } }
            { match &staff.state().sessions {
                None => html! { <p role="status">{ "Loading…" }</p> },
                Some(Err(m)) => html! { <p class="notice" role="alert">{ m }</p> },
                Some(Ok(sessions)) => html! {
                    <>
                        if sessions.offline { <p class="sharing-status" role="status">{ "No signal: showing the list saved on this device." }</p> }
                        if sessions.list.is_empty() { <p class="empty">{ "No sessions of your groups in the next four weeks." }</p> }
                        { for sessions.list.iter().map(|s| html! {
                            <SessionRow led={s.clone()} {now} refused={staff.state().refused(&s.session.id.0).len()} onchange={change.clone()} />
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
    now: Timestamp,
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
    let set_cancelled = |cancelled: bool| {
        let (onchange, id) = (props.onchange.clone(), id.clone());
        Callback::from(move |()| {
            onchange.emit((id.clone(), SessionChange { cancelled: Some(cancelled), ..SessionChange::default() }))
        })
    };
    let problem = use_feedback::<Problem>();
    let move_id = format!("move-{id}");
    let save_move = {
        let (onchange, id, new_start, moving, problem) =
            (props.onchange.clone(), id.clone(), new_start.clone(), moving.clone(), problem.clone());
        let minutes = (s.ends_at.millis() - s.starts_at.millis()) / 60_000;
        let field = AttrValue::from(move_id.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(starts_at) = Timestamp::parse_uk_local(&new_start) else {
                return problem.show(Problem::at(field.clone(), "Enter the new date and time it starts."));
            };
            problem.clear();
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
    let when = if day == props.now.uk_day() { "Today".to_string() } else { day.long_label() };
    // Which session a button is for, for a screen reader that hears the buttons of every card.
    let on_day = format!(" on {}", day.long_label());
    let opens_at = s.register_opens_at();
    html! {
        <article class={classes!("session-card", s.cancelled.then_some("session-card--cancelled"))}>
            <p class="session-card__kind">{ &when }</p>
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
            // Before it opens, the register is not offered (a tap would not count); from then on it is,
            // even if this phone's clock is wrong, so refused taps can be fixed there.
            if !s.cancelled {
                if props.now < opens_at {
                    <p class="hint">{ format!("The register opens at {} on {}.", opens_at.uk().clock(), opens_at.uk_day().long_label()) }</p>
                } else {
                    <Link<Route> to={Route::Register { id: id.clone() }} classes="button">{ "Take the register" }</Link<Route>>
                }
            }
            <div class="button-row">
                <button type="button" class="button button--secondary" aria-expanded={(*moving).to_string()}
                    onclick={let m = moving.clone(); Callback::from(move |_| m.set(!*m))}>{ "Move" }<span class="visually-hidden">{ format!(" the session{on_day}") }</span></button>
                if s.cancelled {
                    <button type="button" class="button button--secondary" onclick={let r = set_cancelled(false); Callback::from(move |_| r.emit(()))}>
                        { "Restore session" }<span class="visually-hidden">{ on_day.clone() }</span>
                    </button>
                }
            </div>
            if !s.cancelled {
                <Confirm id={format!("cancel-{id}")} label="Cancel session" label_more={AttrValue::from(on_day.clone())}
                    question={format!("Cancel {} on {}?", s.group_name, s.when_label())}
                    yes="Yes, cancel this session" no="No, keep it" onconfirm={set_cancelled(true)}
                    class={classes!("button", "button--secondary")}>
                    <p>{ "Participants see it marked cancelled in Steady, and phones that subscribe to the group's calendar show it cancelled." }</p>
                    <p>{ format!("{} said they would come. You can restore it afterwards.", props.led.expected) }</p>
                </Confirm>
            }
            if *moving {
                <form onsubmit={save_move} novalidate=true>
                    if let Some((p, shown)) = problem.get() { <ErrorSummary id={format!("move-problem-{id}")} problem={p.clone()} {shown} /> }
                    <label class="label" for={move_id.clone()}>{ "New start (UK time)" }</label>
                    <input id={move_id} class="input" type="datetime-local" value={(*new_start).clone()}
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
    let groups = loaded.get().and_then(Result::ok).cloned().unwrap_or_default();
    let group = use_state(String::new);
    let start = use_state(String::new);
    let minutes = use_state(|| "90".to_string());
    let problem = use_feedback::<Problem>();
    let added = use_feedback::<String>();
    if groups.is_empty() {
        return Html::default();
    }
    let onsubmit = {
        let (groups, group, start, minutes, problem, added, onadded) = (
            groups.clone(),
            group.clone(),
            start.clone(),
            minutes.clone(),
            problem.clone(),
            added.clone(),
            props.onadded.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let chosen = if group.is_empty() {
                groups.first().map(|g| g.id.clone()).unwrap_or_default()
            } else {
                (*group).clone()
            };
            let Some(starts_at) = Timestamp::parse_uk_local(&start) else {
                return problem.show(Problem::at("new-start", "Enter the date and time it starts."));
            };
            let Ok(length) = minutes.trim().parse::<i64>() else {
                return problem.show(Problem::at("new-minutes", "Enter how many minutes it lasts, for example 90."));
            };
            let change = SessionChange {
                starts_at: Some(starts_at),
                ends_at: Some(starts_at.plus_minutes(length)),
                ..SessionChange::default()
            };
            let (problem, added, onadded, errors) = (problem.clone(), added.clone(), onadded.clone(), errors.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match service::create_session(&chosen, &change).await {
                    Ok(s) => {
                        problem.clear();
                        added.show(format!("Added: {}, {}.", s.group_name, s.when_label()));
                        onadded.emit(());
                    }
                    Err(e) => problem.show(Problem::general(errors.of(e))),
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
                if let Some((p, shown)) = problem.get() { <ErrorSummary id="new-session-problem" problem={p.clone()} {shown} /> }
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
                if let Some((m, shown)) = added.get() { <InView {shown} class="confirmation" role="status"><p>{ m }</p></InView> }
            </form>
        </details>
    }
}
