//! One session: "I'm here" with an optional stress rating and, on a phone that shares, an optional
//! session code for the group leader's register; later "Check out" with stress after and "how was it",
//! then the change ("stress 7 → 4"). Each step is saved on the phone at once.

use crate::app::Route;
use crate::browser;
use crate::components::in_view::{use_feedback, InView};
use crate::components::rating_picker::RatingPicker;
use crate::components::session_card::SessionCard;
use crate::hooks::use_app;
use crate::router::*;
use steady_domain::attendance::SessionCode;
use steady_domain::{Entry, Note, Rating, Session, SessionId};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SessionPageProps {
    pub id: String,
}

const STRESS_LOW: &str = "0 = not at all stressed";
const STRESS_HIGH: &str = "10 = extremely stressed";

#[component]
pub fn SessionPage(props: &SessionPageProps) -> Html {
    let app = use_app();
    let navigator = use_navigator();
    let code_said = use_feedback::<Result<String, String>>();
    let state = app.state();
    let id = SessionId(props.id.clone());
    let Some(session) = state.schedule.iter().find(|s| s.id == id).cloned() else {
        return html! {
            <>
                <h1>{ "Session not found" }</h1>
                <p>{ "This session is not in the schedule saved on your phone. It may have been removed." }</p>
                { link(&navigator, &Route::Groups, "button", html! { "See all groups" }) }
            </>
        };
    };
    let check_in = state.journal.check_in_for(&id).cloned();
    let oncode = {
        let code_said = code_said.clone();
        Callback::from(move |said| code_said.show(said))
    };
    html! {
        <>
            <h1>{ &session.group_name }</h1>
            { match code_said.get() {
                Some((Ok(said), shown)) => html! { <InView {shown} class="confirmation" role="status"><p>{ said }</p></InView> },
                Some((Err(problem), shown)) => html! { <InView {shown} class="error-summary" role="alert"><p>{ problem }</p></InView> },
                None => Html::default(),
            } }
            { match check_in {
                None => html! { <CheckInForm session={session.clone()} {oncode} /> },
                Some(entry) if entry.as_check_in().is_some_and(|c| !c.is_checked_out()) => html! { <CheckOutForm {entry} /> },
                Some(entry) => finished(&entry, &navigator),
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
    /// What became of the session code, said by the page (this form is gone once checked in).
    oncode: Callback<Result<String, String>>,
}

/// "I'm here" in one step: a stress rating and, on a phone that shares with a link worker, the group
/// leader's session code, both optional.
#[component]
fn CheckInForm(props: &CheckInFormProps) -> Html {
    let app = use_app();
    let before = use_state(|| None::<Rating>);
    let code = use_state(String::new);
    let problem = use_state(|| None::<String>);
    let sharing = app.state().sharing.on && app.state().sharing.link.is_some();
    if !props.session.check_in_open(browser::now()) {
        let why = if props.session.cancelled {
            "This session has been cancelled."
        } else {
            "You can check in from an hour before the session starts until an hour after it ends."
        };
        return html! { <p class="notice">{ why }</p> };
    }
    let onsubmit = {
        let (app, before, code, problem) = (app.clone(), before.clone(), code.clone(), problem.clone());
        let (session, oncode) = (props.session.clone(), props.oncode.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let parsed = match code.trim() {
                "" => None,
                text => match SessionCode::parse(text) {
                    Ok(parsed) => Some(parsed),
                    Err(e) => return problem.set(Some(e.to_string())),
                },
            };
            let (app, before, problem, session, oncode) =
                (app.clone(), *before, problem.clone(), session.clone(), oncode.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match app.check_in(&session, before, parsed).await {
                    Ok(Some(said)) => oncode.emit(said),
                    Ok(None) => {}
                    Err(e) => problem.set(Some(format!("{e} Please try again."))),
                }
            });
        })
    };
    html! {
        <form class="card" {onsubmit} novalidate=true>
            if let Some(message) = &*problem { <div class="error-summary" role="alert"><p>{ message }</p></div> }
            <RatingPicker legend="Before you start: how stressed do you feel? (optional)" name="stress-before"
                value={*before} low={STRESS_LOW} high={STRESS_HIGH}
                onchange={let b = before.clone(); Callback::from(move |r| b.set(Some(r)))} />
            if sharing {
                <label class="label" for="session-code">{ "Session code (optional)" }</label>
                <p class="hint" id="session-code-hint">{ "The 6 numbers your group leader shows. It puts you on their register." }</p>
                <input id="session-code" class="input input--code" type="text" inputmode="numeric" autocomplete="off" maxlength="7"
                    aria-describedby="session-code-hint" value={(*code).clone()}
                    oninput={let c = code.clone(); Callback::from(move |e: InputEvent| c.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()))} />
            }
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

/// After checking out: the change in stress, in numbers and words. A plain function: it has no state.
fn finished(entry: &Entry, navigator: &Navigator) -> Html {
    let Some(c) = entry.as_check_in() else { return Html::default() };
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
            { link(navigator, &Route::History, "button button--secondary", html! { "See your history" }) }
        </section>
    }
}
