//! History: charts of stress and wellbeing over 7, 30 or 90 days, "what helps me", and every entry by day
//! (the latest 30 days of entries first, or fewer days if they hold more than 100 entries, then more on
//! request).

use crate::browser;
use crate::components::chart::trend_cards;
use crate::components::entry_summary::EntrySummary;
use crate::hooks::use_app;
use steady_domain::decimal::one_decimal;
use steady_domain::summary::{days_to_draw, entries_by_day, stress_and_wellbeing, what_helps};
use steady_domain::Entry;
use yew::prelude::*;

const RANGES: [(u32, &str); 3] = [(7, "7 days"), (30, "30 days"), (90, "90 days")];

#[component]
pub fn History() -> Html {
    let app = use_app();
    let days = use_state(|| 7u32);
    // Lots of days drawn: the latest at first, one more per "Show earlier entries" ([`days_to_draw`]):
    // years of entries would otherwise all be drawn before the page could show (10,000 took 3 seconds).
    let lots = use_state(|| 1);
    let entries = app.state().journal.entries();
    let today = browser::now().uk_day();
    let (stress, wellbeing) = stress_and_wellbeing(entries, today, *days);
    let helps = what_helps(entries);
    let by_day = entries_by_day(entries);
    let shown_days = days_to_draw(&by_day, *lots);
    let earlier = by_day.len() - shown_days;
    let ondelete = {
        let app = app.clone();
        Callback::from(move |entry: Entry| {
            let app = app.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = app.delete_entry(&entry).await {
                    gloo::console::warn!(e.to_string());
                }
            });
        })
    };
    html! {
        <>
            <h1>{ "Your history" }</h1>
            <div class="segmented" role="group" aria-label="Show the last">
                { for RANGES.into_iter().map(|(n, label)| {
                    let d = days.clone();
                    html! {
                        <button type="button" class="segmented__option" aria-pressed={(*days == n).to_string()}
                            onclick={Callback::from(move |_| d.set(n))}>{ label }</button>
                    }
                }) }
            </div>
            { trend_cards(&stress, &wellbeing, "") }
            <section class="card" aria-labelledby="helps-title">
                <h2 id="helps-title">{ "What helps me" }</h2>
                if helps.is_empty() {
                    <p class="empty">{ "When you rate your stress before and after a group, you will see here how each kind of activity changes it for you." }</p>
                } else {
                    <p class="hint">{ "Average change in your stress from the start to the end of a session." }</p>
                    <ul class="helps">
                        { for helps.iter().map(|h| {
                            let sessions = if h.sessions == 1 { "1 session".to_string() } else { format!("{} sessions", h.sessions) };
                            let change = if h.mean_change < 0.0 {
                                format!("down {}", one_decimal(-h.mean_change))
                            } else if h.mean_change > 0.0 {
                                format!("up {}", one_decimal(h.mean_change))
                            } else {
                                "no change".into()
                            };
                            html! { <li><strong>{ h.kind.label() }</strong>{ format!(": stress {change} on average ({sessions})") }</li> }
                        }) }
                    </ul>
                }
            </section>
            <section aria-labelledby="entries-title">
                <h2 id="entries-title">{ "All entries" }</h2>
                if entries.is_empty() {
                    <p class="empty">{ "Nothing here yet. What you log on the home page, and your check-ins at groups, will show here." }</p>
                }
                { for by_day.into_iter().take(shown_days).map(|(day, list)| html! {
                    <div class="day">
                        <h3 class="day__title">{ day.long_label() }</h3>
                        <ul class="entries">
                            { for list.into_iter().map(|e| html! { <EntrySummary entry={e.clone()} ondelete={ondelete.clone()} /> }) }
                        </ul>
                    </div>
                }) }
                if earlier > 0 {
                    <button type="button" class="button button--secondary"
                        onclick={let lots = lots.clone(); Callback::from(move |_| lots.set(*lots + 1))}>
                        { format!("Show earlier entries ({earlier} more days)") }
                    </button>
                }
            </section>
        </>
    }
}
