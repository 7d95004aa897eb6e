//! The ONS4 personal wellbeing questions in their published wording, and the answers given so far.

use crate::browser;
use crate::components::rating_picker::RatingPicker;
use crate::hooks::use_app;
use steady_domain::ons4::{Ons4Question, INTRODUCTION, SOURCE};
use steady_domain::{Entry, EntryBody, Ons4Response, Rating};
use yew::prelude::*;

#[component]
pub fn Wellbeing() -> Html {
    let app = use_app();
    let answers = use_state(|| [None::<Rating>; 4]);
    let status = use_state(|| None::<Result<String, String>>);
    let onsubmit = {
        let (app, answers, status) = (app.clone(), answers.clone(), status.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(response) = Ons4Response::from_answers(*answers) else {
                let missing = answers.iter().filter(|a| a.is_none()).count();
                return status.set(Some(Err(format!("Answer all 4 questions ({missing} still to answer)."))));
            };
            let entry = Entry::new(browser::new_entry_id(), browser::now(), false, EntryBody::Ons4(response));
            let (app, answers, status) = (app.clone(), answers.clone(), status.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match app.save_entry(entry).await {
                    Ok(()) => {
                        answers.set([None; 4]);
                        status.set(Some(Ok("Thank you. Your answers are saved on this phone.".into())));
                    }
                    Err(e) => status.set(Some(Err(format!("{e} Your answers are still here: try again.")))),
                }
            });
        })
    };
    let history = app.state().journal.ons4_history();
    html! {
        <>
            <h1>{ "Wellbeing questions" }</h1>
            <form class="card" {onsubmit} novalidate=true>
                <p>{ INTRODUCTION }</p>
                if let Some(Err(message)) = &*status { <div class="error-summary" role="alert"><p>{ message }</p></div> }
                { for Ons4Question::ALL.into_iter().enumerate().map(|(i, q)| {
                    let (low, high) = q.scale_ends();
                    let value = answers[i];
                    let answers = answers.clone();
                    let onchange = Callback::from(move |r| {
                        let mut next = *answers;
                        next[i] = Some(r);
                        answers.set(next);
                    });
                    html! { <RatingPicker legend={q.wording()} name={q.code()} {value} {low} {high} {onchange} /> }
                }) }
                <button type="submit" class="button button--wide">{ "Save answers" }</button>
                if let Some(Ok(message)) = &*status { <p class="confirmation" role="status">{ message }</p> }
                <p class="hint">{ SOURCE }</p>
            </form>
            <section aria-labelledby="ons4-history">
                <h2 id="ons4-history">{ "Your answers so far" }</h2>
                if history.is_empty() {
                    <p class="empty">{ "Your answers will show here, so you can see how they change from month to month." }</p>
                } else {
                    <div class="table-wrap" tabindex="0" role="region" aria-label="Your answers so far">
                        <table class="table">
                            <thead><tr>
                                <th scope="col">{ "Date" }</th>
                                { for Ons4Question::ALL.iter().map(|q| html! { <th scope="col">{ q.short_name() }</th> }) }
                            </tr></thead>
                            <tbody>
                                { for history.iter().rev().map(|(at, r)| html! {
                                    <tr>
                                        <th scope="row">{ at.uk_day().short_label() }</th>
                                        { for Ons4Question::ALL.iter().map(|q| {
                                            let answer = r.answer(*q);
                                            html! { <td>{ answer.to_string() }<span class="band">{ q.band(answer).label() }</span></td> }
                                        }) }
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                }
            </section>
        </>
    }
}
