//! One session: "I'm here" with an optional stress rating, later "Check out" with stress after and
//! "how was it", then the change ("stress 7 → 4"). Each step is saved on the phone at once.

use crate::app::Route;
use crate::browser;
use crate::components::rating_picker::RatingPicker;
use crate::components::session_card::SessionCard;
use crate::hooks::use_app;
use steady_domain::{CheckIn, Entry, EntryBody, Note, Rating, Session, SessionId};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SessionPageProps {
    pub id: String,
}

const STRESS_LOW: &str = "0 = not at all stressed";
const STRESS_HIGH: &str = "10 = extremely stressed";

#[component]
pub fn SessionPage(props: &SessionPageProps) -> Html {
    let app = use_app();
    let state = app.state();
    let id = SessionId(props.id.clone());
    let Some(session) = state.schedule.iter().find(|s| s.id == id).cloned() else {
        return html! {
            <>
                <h1>{ "Session not found" }</h1>
                <p>{ "This session is not in the schedule saved on your phone. It may have been removed." }</p>
                <Link<Route> to={Route::Groups} classes="button">{ "See all groups" }</Link<Route>>
            </>
        };
    };
    let check_in = state.journal.check_in_for(&id).cloned();
    html! {
        <>
            <h1>{ &session.group_name }</h1>
            { match check_in {
                None => html! { <CheckInForm session={session.clone()} /> },
                Some(entry) if entry.as_check_in().is_some_and(|c| !c.is_checked_out()) => html! { <CheckOutForm {entry} /> },
                Some(entry) => html! { <Finished {entry} /> },
            } }
            <SessionCard {session} actions={false} />
        </>
    }
}

/// Saves the entry; if that fails, says so and keeps the form as it was.
fn save(app: &crate::hooks::AppHandle, entry: Entry, problem: &UseStateHandle<Option<String>>) {
    let (app, problem) = (app.clone(), problem.clone());
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = app.save_entry(entry).await {
            problem.set(Some(format!("{e} Please try again.")));
        }
    });
}

#[derive(Properties, PartialEq)]
struct CheckInFormProps {
    session: Session,
}

#[component]
fn CheckInForm(props: &CheckInFormProps) -> Html {
    let app = use_app();
    let before = use_state(|| None::<Rating>);
    let problem = use_state(|| None::<String>);
    if !props.session.check_in_open(browser::now()) {
        let why = if props.session.cancelled {
            "This session has been cancelled."
        } else {
            "You can check in from an hour before the session starts until an hour after it ends."
        };
        return html! { <p class="notice">{ why }</p> };
    }
    let onsubmit = {
        let (app, before, problem, session) = (app.clone(), before.clone(), problem.clone(), props.session.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = EntryBody::CheckIn(CheckIn::at_session(&session, *before));
            let entry = Entry::new(browser::new_entry_id(), browser::now(), false, body);
            save(&app, entry, &problem);
        })
    };
    html! {
        <form class="card" {onsubmit} novalidate=true>
            if let Some(message) = &*problem { <div class="error-summary" role="alert"><p>{ message }</p></div> }
            <RatingPicker legend="Before you start: how stressed do you feel? (optional)" name="stress-before"
                value={*before} low={STRESS_LOW} high={STRESS_HIGH}
                onchange={let b = before.clone(); Callback::from(move |r| b.set(Some(r)))} />
            <button type="submit" class="button button--wide">{ "I'm here" }</button>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct EntryProps {
    entry: Entry,
}

#[component]
fn CheckOutForm(props: &EntryProps) -> Html {
    let app = use_app();
    let after = use_state(|| None::<Rating>);
    let how = use_state(String::new);
    let problem = use_state(|| None::<String>);
    let check_in = props.entry.as_check_in();
    let onsubmit = {
        let (app, after, how, problem, entry) =
            (app.clone(), after.clone(), how.clone(), problem.clone(), props.entry.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut entry = entry.clone();
            let checked_out = Note::parse_optional(&how)
                .map_err(|e| e.to_string())
                .and_then(|note| entry.check_out(browser::now(), *after, note).map_err(|e| e.to_string()));
            if let Err(message) = checked_out {
                return problem.set(Some(message));
            }
            save(&app, entry, &problem);
        })
    };
    html! {
        <form class="card" {onsubmit} novalidate=true>
            <p class="confirmation" role="status">
                { format!("You checked in {}.", props.entry.at.relative_label(browser::now())) }
                if let Some(b) = check_in.and_then(|c| c.stress_before) { { format!(" Stress before: {b}.") } }
            </p>
            if let Some(message) = &*problem { <div class="error-summary" role="alert"><p>{ message }</p></div> }
            <RatingPicker legend="Now: how stressed do you feel?" name="stress-after"
                value={*after} low={STRESS_LOW} high={STRESS_HIGH}
                onchange={let a = after.clone(); Callback::from(move |r| a.set(Some(r)))} />
            <label class="label" for="how-was-it">{ "How was it? (optional)" }</label>
            <textarea id="how-was-it" class="textarea" rows="3" maxlength="500" value={(*how).clone()}
                oninput={let h = how.clone(); Callback::from(move |e: InputEvent| h.set(e.target_unchecked_into::<HtmlTextAreaElement>().value()))} />
            <button type="submit" class="button button--wide">{ "Check out" }</button>
        </form>
    }
}

#[component]
fn Finished(props: &EntryProps) -> Html {
    let Some(c) = props.entry.as_check_in() else { return Html::default() };
    let change = match (c.stress_before, c.stress_after) {
        (Some(b), Some(a)) => {
            let words = match c.stress_change().unwrap_or_default() {
                d if d < 0 => format!("Your stress went down by {} during the session.", -d),
                0 => "Your stress stayed the same.".to_string(),
                d => format!("Your stress went up by {d}. Noticing that is useful too."),
            };
            html! { <><p class="change" aria-label={format!("stress {b} to {a}")}>{ format!("stress {b} → {a}") }</p><p>{ words }</p></> }
        }
        _ => html! { <p>{ "Checked in and out." }</p> },
    };
    html! {
        <section class="card" aria-label="Your session">
            <p class="confirmation" role="status">{ "Thanks for coming. This is saved on your phone." }</p>
            { change }
            if let Some(note) = &c.how_was_it { <p class="entry__note">{ note.to_string() }</p> }
            <Link<Route> to={Route::History} classes="button button--secondary">{ "See your history" }</Link<Route>>
        </section>
    }
}
