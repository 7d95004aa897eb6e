//! The ONS4 personal wellbeing questions in their published wording, and the answers given so far.

use crate::browser;
use crate::components::error_summary::{error_summary, Problem};
use crate::components::in_view::{use_feedback, InView};
use crate::components::rating_picker::RatingPicker;
use crate::hooks::use_app;
use steady_domain::ons4::{Ons4Question, INTRODUCTION, SOURCE};
use steady_domain::{Entry, EntryBody, Ons4Response, Rating};
use yew::prelude::*;

#[component]
pub fn Wellbeing() -> Html {
    let app = use_app();
    let answers = use_state(|| [None::<Rating>; 4]);
    let problem = use_feedback::<Problem>();
    let saved = use_feedback::<String>();
    let onsubmit = {
        let (app, answers, problem, saved) = (app.clone(), answers.clone(), problem.clone(), saved.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(response) = Ons4Response::from_answers(*answers) else {
                let missing = answers.iter().filter(|a| a.is_none()).count();
                // The summary links to the first question still to answer.
                let first =
                    Ons4Question::ALL.into_iter().zip(answers.iter()).find(|(_, a)| a.is_none()).map(|(q, _)| q);
                let message = format!("Answer all 4 questions ({missing} still to answer).");
                return problem.show(match first {
                    Some(q) => Problem::at(format!("{}-0", q.code()), message),
                    None => Problem::general(message),
                });
            };
            let entry = Entry::new(browser::new_entry_id(), browser::now(), false, EntryBody::Ons4(response));
            let (app, answers, problem, saved) = (app.clone(), answers.clone(), problem.clone(), saved.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match app.save_entry(entry).await {
                    Ok(()) => {
                        answers.set([None; 4]);
                        problem.clear();
                        saved.show("Thank you. Your answers are saved on this phone.".into());
                    }
                    Err(e) => problem.show(Problem::general(format!("{e} Your answers are still here: try again."))),
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
                if let Some((p, shown)) = problem.get() { { error_summary("ons4-problem", p, shown) } }
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
                if let Some((message, shown)) = saved.get() { <InView {shown} class="confirmation" role="status"><p>{ message }</p></InView> }
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
