//! One entry in the history, in words: "Quick log: wellbeing 6, stress 3", "Riverside walk: stress 7 → 4".

use crate::app::Route;
use crate::router::*;
use steady_domain::{Entry, EntryBody};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EntrySummaryProps {
    pub entry: Entry,
    /// When given, the entry can be changed, or deleted (after a confirmation): History does this.
    #[prop_or_default]
    pub ondelete: Option<Callback<Entry>>,
}

/// The one-line description of an entry.
pub fn describe(entry: &Entry) -> (String, String) {
    match &entry.body {
        EntryBody::QuickLog(q) => {
            let parts: Vec<String> = [("wellbeing", q.wellbeing()), ("stress", q.stress())]
                .into_iter()
                .filter_map(|(name, r)| r.map(|r| format!("{name} {r}")))
                .collect();
            ("Quick log".into(), parts.join(", "))
        }
        EntryBody::CheckIn(c) => {
            let detail = match (c.stress_before, c.stress_after) {
                (Some(b), Some(a)) => format!("stress {b} → {a}"),
                (Some(b), None) if !c.is_checked_out() => format!("checked in, stress {b}"),
                (None, Some(a)) => format!("stress after {a}"),
                _ if c.is_checked_out() => "checked in and out".into(),
                _ => "checked in".into(),
            };
            (c.group_name.clone(), detail)
        }
        EntryBody::Ons4(o) => (
            "Wellbeing questions".into(),
            format!(
                "satisfied {}, worthwhile {}, happy {}, anxious {}",
                o.life_satisfaction, o.worthwhile, o.happy, o.anxious
            ),
        ),
    }
}

#[component]
pub fn EntrySummary(props: &EntrySummaryProps) -> Html {
    let e = &props.entry;
    let confirming = use_state(|| false);
    let navigator = use_navigator();
    let (title, detail) = describe(e);
    let clock = e.at.uk().clock();
    let note = match &e.body {
        EntryBody::QuickLog(q) => q.note().map(|n| n.to_string()),
        EntryBody::CheckIn(c) => c.how_was_it.as_ref().map(|n| n.to_string()),
        EntryBody::Ons4(_) => None,
    };
    html! {
        <li class="entry">
            <span class="entry__time">{ clock.clone() }</span>
            <span class="entry__text">
                <strong>{ title.clone() }</strong>{ ": " }{ detail }
                if e.keep_private { <span class="tag">{ "Private" }</span> }
                if let Some(n) = note { <span class="entry__note">{ n }</span> }
                if let Some(ondelete) = &props.ondelete {
                    if *confirming {
                        <span class="entry__confirm" role="group" aria-label="Delete this entry?">
                            <span>{ "Delete this entry?" }</span>
                            <button type="button" class="button button--warning button--small"
                                onclick={let (d, e) = (ondelete.clone(), e.clone()); Callback::from(move |_| d.emit(e.clone()))}>{ "Yes, delete" }</button>
                            <button type="button" class="button button--secondary button--small"
                                onclick={let c = confirming.clone(); Callback::from(move |_| c.set(false))}>{ "Cancel" }</button>
                        </span>
                    } else {
                        { link(&navigator, &Route::EditEntry { id: e.id.as_str().to_string() }, "button button--plain button--small entry__change",
                            html! { <>{ "Change" }<span class="visually-hidden">{ format!(" {title} at {clock}") }</span></> }) }
                        <button type="button" class="button button--plain button--small entry__delete"
                            aria-label={format!("Delete {title} at {clock}")}
                            onclick={let c = confirming.clone(); Callback::from(move |_| c.set(true))}>{ "Delete" }</button>
                    }
                }
            </span>
        </li>
    }
}
