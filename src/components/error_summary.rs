//! The NHS error summary: when a form cannot be sent, a box at its top says "There is a problem",
//! names the problem as a link to the field that needs fixing, and is brought into view and focused.

use crate::components::in_view::InView;
use yew::prelude::*;

/// What is wrong with a form, and which field to fix (its element id), if one can fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub message: String,
    pub field: Option<AttrValue>,
}

impl Problem {
    /// A problem with one field.
    pub fn at(field: impl Into<AttrValue>, message: impl Into<String>) -> Self {
        Problem { message: message.into(), field: Some(field.into()) }
    }

    /// A problem no field can fix (the server said no, or there is no signal).
    pub fn general(message: impl Into<String>) -> Self {
        Problem { message: message.into(), field: None }
    }
}

#[derive(Properties, PartialEq)]
pub struct ErrorSummaryProps {
    /// Unique on the page: the summary's title is `{id}-title`.
    pub id: AttrValue,
    pub problem: Problem,
    /// Which showing this is (see [`crate::components::in_view::Feedback`]).
    pub shown: u32,
}

#[component]
pub fn ErrorSummary(props: &ErrorSummaryProps) -> Html {
    error_summary(&props.id, &props.problem, props.shown)
}

/// The same summary drawn by a plain function, for the participant's pages: each component type
/// costs the `.wasm` its own copy of yew's lifecycle code.
pub fn error_summary(id: &str, problem: &Problem, shown: u32) -> Html {
    let title = format!("{id}-title");
    let message = problem.message.clone();
    html! {
        <InView {shown} class="error-summary" role="alert" labelledby={title.clone()}>
            <h2 class="error-summary__title" id={title}>{ "There is a problem" }</h2>
            <ul class="error-summary__list">
                <li>{ match &problem.field {
                    Some(field) => html! { <a href={format!("#{field}")} onclick={go_to(field.clone())}>{ message }</a> },
                    None => html! { message },
                } }</li>
            </ul>
        </InView>
    }
}

/// Moves to the field: its label into view, the field focused (a plain `#id` link only scrolls).
fn go_to(field: AttrValue) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        let document = gloo::utils::document();
        let Some(input) = document.get_element_by_id(&field) else { return };
        e.prevent_default();
        let label = document.query_selector(&format!("label[for='{field}']")).ok().flatten();
        label.as_ref().unwrap_or(&input).scroll_into_view_with_bool(true);
        crate::browser::focus(&input);
    })
}
