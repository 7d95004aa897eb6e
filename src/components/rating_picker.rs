//! A 0–10 rating as eleven large radio buttons: one tap to choose, readable by screen readers as a
//! group with its question as the legend.

use steady_domain::Rating;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RatingPickerProps {
    /// The question, e.g. "How stressed do you feel?".
    pub legend: AttrValue,
    /// A unique name for the radio group.
    pub name: AttrValue,
    pub value: Option<Rating>,
    pub onchange: Callback<Rating>,
    #[prop_or(AttrValue::Static("0 = not at all"))]
    pub low: AttrValue,
    #[prop_or(AttrValue::Static("10 = completely"))]
    pub high: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
}

#[component]
pub fn RatingPicker(props: &RatingPickerProps) -> Html {
    let hint_id = format!("{}-hint", props.name);
    html! {
        <fieldset class="rating" aria-describedby={hint_id.clone()}>
            <legend class="rating__legend">{ &props.legend }</legend>
            <p class="rating__hint" id={hint_id}>
                if let Some(hint) = &props.hint { { hint } { " " } }
                <span>{ &props.low }</span>{ ", " }<span>{ &props.high }</span>
            </p>
            <div class="rating__options">
                { for Rating::all().map(|rating| {
                    let id = format!("{}-{}", props.name, rating);
                    let onchange = props.onchange.reform(move |_: Event| rating);
                    html! {
                        <div class="rating__option">
                            <input type="radio" class="rating__input" id={id.clone()} name={&props.name}
                                value={rating.to_string()} checked={props.value == Some(rating)} {onchange} />
                            <label class="rating__label" for={id}>{ rating.to_string() }</label>
                        </div>
                    }
                }) }
            </div>
        </fieldset>
    }
}
