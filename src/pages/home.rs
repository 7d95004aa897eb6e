//! Home: a quick log in three taps (wellbeing, stress, save), the next session of a group the person
//! joined, and the monthly offer of the ONS4 wellbeing questions.

use crate::app::Route;
use crate::browser;
use crate::components::error_summary::{error_summary, Problem};
use crate::components::in_view::use_feedback;
use crate::components::link_ended::link_ended;
use crate::components::rating_picker::RatingPicker;
use crate::components::session_card::SessionCard;
use crate::components::sharing_status::sharing_status;
use crate::hooks::use_app;
use crate::router::*;
use steady_domain::entry::QuickLog;
use steady_domain::{ons4, Entry, EntryBody, Note, Rating};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// What the form last said.
#[derive(Clone, PartialEq)]
enum Status {
    Saved(String),
    Problem(Problem),
}

#[component]
pub fn Home() -> Html {
    let app = use_app();
    let navigator = use_navigator();
    let wellbeing = use_state(|| None::<Rating>);
    let stress = use_state(|| None::<Rating>);
    let note = use_state(String::new);
    let keep_private = use_state(|| false);
    let status = use_feedback::<Status>();
    let now = browser::now();

    let onsubmit = {
        let (app, wellbeing, stress, note, keep_private, status) =
            (app.clone(), wellbeing.clone(), stress.clone(), note.clone(), keep_private.clone(), status.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let parsed =
                Note::parse_optional(&note).map_err(|e| Problem::at("quick-note", e.to_string())).and_then(|n| {
                    QuickLog::new(*wellbeing, *stress, n).map_err(|e| Problem::at("wellbeing-0", e.to_string()))
                });
            let log = match parsed {
                Ok(log) => log,
                Err(problem) => return status.show(Status::Problem(problem)),
            };
            let at = browser::now();
            let entry = Entry::new(browser::new_entry_id(), at, *keep_private, EntryBody::QuickLog(log));
            let (app, wellbeing, stress, note, keep_private, status) =
                (app.clone(), wellbeing.clone(), stress.clone(), note.clone(), keep_private.clone(), status.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match app.save_entry(entry).await {
                    Ok(()) => {
                        status.show(Status::Saved(format!("Saved {}.", at.relative_label(at))));
                        wellbeing.set(None);
                        stress.set(None);
                        note.set(String::new());
                        keep_private.set(false);
                    }
                    Err(e) => status.show(Status::Problem(Problem::general(format!(
                        "{e} Your answers are still here: try again."
                    )))),
                }
            });
        })
    };

    let state = app.state();
    let last_ons4 = state.journal.ons4_history().last().map(|(at, _)| *at);
    let offer_ons4 = ons4::offer_due(last_ons4, state.prefs.ons4_dismissed_at, now);
    let not_now = {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| {
            let app = app.clone();
            let mut prefs = app.state().prefs.clone();
            prefs.ons4_dismissed_at = Some(browser::now());
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = app.save_preferences(prefs).await {
                    gloo::console::warn!(e.to_string());
                }
            });
        })
    };
    // The next session of a group the person joined that has not finished, and that they have not
    // already checked out of.
    let next_session = state
        .schedule
        .iter()
        .find(|s| {
            let done =
                state.journal.check_in_for(&s.id).and_then(|e| e.as_check_in()).is_some_and(|c| c.is_checked_out());
            state.sharing.joined_groups.contains(&s.group_id) && !s.cancelled && s.ends_at > now && !done
        })
        .cloned();
    let note_chars = note.chars().count();

    html! {
        <>
            <h1>{ "How are you today?" }</h1>
            { link_ended(&app) }
            { sharing_status(&app, Some(&navigator)) }
            <form class="card quick-log" onsubmit={onsubmit} aria-labelledby="quick-log-title" novalidate=true>
                <h2 id="quick-log-title" class="visually-hidden">{ "Quick log" }</h2>
                if let Some((Status::Problem(p), shown)) = status.get() {
                    { error_summary("quick-log-problem", p, shown) }
                }
                <RatingPicker legend="How are you feeling overall?" name="wellbeing" value={*wellbeing}
                    low="0 = very low" high="10 = very good"
                    onchange={let s = wellbeing.clone(); Callback::from(move |r| s.set(Some(r)))} />
                <RatingPicker legend="How stressed do you feel?" name="stress" value={*stress}
                    low="0 = not at all stressed" high="10 = extremely stressed"
                    onchange={let s = stress.clone(); Callback::from(move |r| s.set(Some(r)))} />
                <details class="quick-log__more">
                    <summary>{ "Add a note (optional)" }</summary>
                    <label class="label" for="quick-note">{ "Note" }</label>
                    <textarea id="quick-note" class="textarea" rows="3" maxlength="500" value={(*note).clone()}
                        aria-describedby="quick-note-count"
                        oninput={let n = note.clone(); Callback::from(move |e: InputEvent| n.set(e.target_unchecked_into::<HtmlTextAreaElement>().value()))} />
                    <p class="hint" id="quick-note-count">{ format!("{note_chars} of 500 characters") }</p>
                    <div class="checkbox">
                        <input type="checkbox" id="keep-private" checked={*keep_private}
                            onchange={let k = keep_private.clone(); Callback::from(move |e: Event| k.set(e.target_unchecked_into::<HtmlInputElement>().checked()))} />
                        <label for="keep-private">{ "Keep private (never shared, even if you turn sharing on later)" }</label>
                    </div>
                </details>
                <button type="submit" class="button button--wide">{ "Save" }</button>
                if let Some((Status::Saved(message), _)) = status.get() {
                    <p class="confirmation" role="status">{ message }</p>
                }
            </form>
            if offer_ons4 && state.phase == crate::state::Phase::Ready {
                <section class="card offer" aria-labelledby="ons4-offer">
                    <h2 id="ons4-offer">{ "4 questions about your wellbeing" }</h2>
                    <p>{ "These help you see how things change over time. It takes about a minute." }</p>
                    <div class="button-row">
                        { link(&navigator, &Route::Wellbeing, "button", html! { "Answer now" }) }
                        <button type="button" class="button button--secondary" onclick={not_now}>{ "Not now" }</button>
                    </div>
                </section>
            }
            <section aria-labelledby="next-title">
                <h2 id="next-title">{ "Your next group" }</h2>
                if let Some(session) = next_session {
                    <SessionCard {session} />
                } else {
                    <p class="empty">{ if state.sharing.joined_groups.is_empty() {
                        "When you join a group, its next session shows here. "
                    } else {
                        "None of your groups has a session coming up in your saved schedule. "
                    } }
                        { link(&navigator, &Route::Groups, "", html! { "See all groups" }) }</p>
                }
            </section>
        </>
    }
}
