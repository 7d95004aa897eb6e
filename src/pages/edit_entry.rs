//! Change an entry from History: its ratings and note, as they were given (same kind, same time). The
//! change is saved on the phone first; if the entry is shared, the changed copy replaces the one the
//! link worker has (a newer change always wins there, see `steady_domain::sync`).

use crate::app::Route;
use crate::browser;
use crate::components::entry_summary::describe;
use crate::components::in_view::{use_feedback, InView};
use crate::components::rating_picker::RatingPicker;
use crate::hooks::{use_app, AppHandle};
use crate::router::*;
use steady_domain::ons4::Ons4Question;
use steady_domain::{Edit, Entry, EntryBody, EntryId, Note, Ons4Response, QuickLog, Rating};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// The page for the entry with this `id`. A plain function, not a component: it keeps no state of its
/// own (see [`crate::pages::not_found::not_found`]); its form is a component.
pub fn edit_entry(app: &AppHandle, id: &str, navigator: &Navigator) -> Html {
    let entry =
        EntryId::parse(id).ok().and_then(|id| app.state().journal.entries().iter().find(|e| e.id == id).cloned());
    let Some(entry) = entry else {
        return html! {
            <>
                <h1>{ "Entry not found" }</h1>
                <p>{ "This entry is not on your phone. It may have been deleted." }</p>
                { link(navigator, &Route::History, "button", html! { "Go to your history" }) }
            </>
        };
    };
    let (title, _) = describe(&entry);
    html! {
        <>
            <h1>{ "Change an entry" }</h1>
            <p>{ format!("{title}, {}.", entry.at.relative_label(browser::now())) }</p>
            <EditForm {entry} />
            <p>{ link(navigator, &Route::History, "", html! { "Back to your history" }) }</p>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct EditFormProps {
    entry: Entry,
}

/// The ratings an entry holds, in the order its pickers show them, and its note.
fn ratings_and_note(entry: &Entry) -> (Vec<Option<Rating>>, String) {
    let note = |n: Option<&Note>| n.map(|n| n.to_string()).unwrap_or_default();
    match &entry.body {
        EntryBody::QuickLog(q) => (vec![q.wellbeing(), q.stress()], note(q.note())),
        EntryBody::CheckIn(c) => (vec![c.stress_before, c.stress_after], note(c.how_was_it.as_ref())),
        EntryBody::Ons4(o) => (Ons4Question::ALL.iter().map(|q| Some(o.answer(*q))).collect(), String::new()),
    }
}

/// What each picker asks, with its scale's ends; and whether the entry has a note.
fn questions(entry: &Entry) -> (Vec<(String, &'static str, &'static str)>, bool) {
    const STRESS: (&str, &str) = ("0 = not at all stressed", "10 = extremely stressed");
    let q = |text: &str, (low, high): (&'static str, &'static str)| (text.to_string(), low, high);
    match &entry.body {
        EntryBody::QuickLog(_) => (
            vec![
                q("How were you feeling overall?", ("0 = very low", "10 = very good")),
                q("How stressed did you feel?", STRESS),
            ],
            true,
        ),
        EntryBody::CheckIn(c) => {
            let mut asked = vec![q("Before the session: how stressed did you feel?", STRESS)];
            if c.is_checked_out() {
                asked.push(q("After the session: how stressed did you feel?", STRESS));
            }
            (asked, c.is_checked_out())
        }
        EntryBody::Ons4(_) => (
            Ons4Question::ALL.iter().map(|x| (x.wording().to_string(), x.scale_ends().0, x.scale_ends().1)).collect(),
            false,
        ),
    }
}

/// The change the form describes, parsed.
fn edit_from(entry: &Entry, ratings: &[Option<Rating>], note: &str) -> Result<Edit, String> {
    let note = Note::parse_optional(note).map_err(|e| e.to_string())?;
    let at = |i: usize| ratings.get(i).copied().flatten();
    Ok(match &entry.body {
        EntryBody::QuickLog(_) => Edit::QuickLog(QuickLog::new(at(0), at(1), note).map_err(|e| e.to_string())?),
        EntryBody::CheckIn(_) => Edit::CheckIn { stress_before: at(0), stress_after: at(1), how_was_it: note },
        EntryBody::Ons4(_) => {
            let answers = [at(0), at(1), at(2), at(3)];
            Edit::Ons4(Ons4Response::from_answers(answers).ok_or("Answer all 4 questions.")?)
        }
    })
}

#[component]
fn EditForm(props: &EditFormProps) -> Html {
    let app = use_app();
    let (held_ratings, held_note) = ratings_and_note(&props.entry);
    let ratings = use_state(|| held_ratings);
    let note = use_state(|| held_note);
    let said = use_feedback::<Result<String, String>>();
    let (asked, has_note) = questions(&props.entry);
    let onsubmit = {
        let (app, ratings, note, said, entry) =
            (app.clone(), ratings.clone(), note.clone(), said.clone(), props.entry.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let edited = edit_from(&entry, &ratings, &note)
                .and_then(|edit| entry.edited(edit, browser::now()).map_err(|e| e.to_string()));
            let edited = match edited {
                Ok(edited) => edited,
                Err(message) => return said.show(Err(message)),
            };
            let shared = app.state().sharing.shares(&edited);
            let (app, said) = (app.clone(), said.clone());
            wasm_bindgen_futures::spawn_local(async move {
                said.show(match app.save_entry(edited).await {
                    Ok(()) if shared => Ok("Your change is saved. It will be sent to your link worker.".into()),
                    Ok(()) => Ok("Your change is saved on this phone.".into()),
                    Err(e) => Err(format!("{e} Your change is still here: try again.")),
                });
            });
        })
    };
    html! {
        <form class="card" {onsubmit} novalidate=true>
            if let Some((Err(message), shown)) = said.get() { <InView {shown} class="error-summary" role="alert"><p>{ message }</p></InView> }
            { for asked.into_iter().enumerate().map(|(i, (legend, low, high))| {
                let value = ratings[i];
                let ratings = ratings.clone();
                let onchange = Callback::from(move |r| {
                    let mut next = (*ratings).clone();
                    next[i] = Some(r);
                    ratings.set(next);
                });
                html! { <RatingPicker {legend} name={format!("edit-{i}")} {value} {low} {high} {onchange} /> }
            }) }
            if has_note {
                <label class="label" for="edit-note">{ "Note (optional)" }</label>
                <textarea id="edit-note" class="textarea" rows="3" maxlength="500" value={(*note).clone()}
                    oninput={let n = note.clone(); Callback::from(move |e: InputEvent| n.set(e.target_unchecked_into::<HtmlTextAreaElement>().value()))} />
            }
            <button type="submit" class="button button--wide">{ "Save changes" }</button>
            if let Some((Ok(message), shown)) = said.get() { <InView {shown} class="confirmation" role="status"><p>{ message }</p></InView> }
        </form>
    }
}
