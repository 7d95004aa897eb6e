//! One participant, for their link worker: what they share, a new linking code, ending a phone link.

use crate::components::entry_summary::EntrySummary;
use crate::components::linking_code::LinkingCode;
use crate::pages::caseload::staff_error;
use crate::sync::staff;
use steady_domain::enrolment::IssuedCode;
use steady_domain::summary::entries_by_day;
use steady_domain::Entry;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StaffParticipantProps {
    pub id: String,
}

#[component]
pub fn StaffParticipant(props: &StaffParticipantProps) -> Html {
    let navigator = use_navigator();
    let entries = use_state(|| None::<Result<Vec<Entry>, String>>);
    let participant = use_state(|| None::<steady_domain::enrolment::Participant>);
    let code = use_state(|| None::<IssuedCode>);
    let message = use_state(|| None::<String>);
    {
        let (id, entries, participant, navigator) = (props.id.clone(), entries.clone(), participant.clone(), navigator.clone());
        use_effect_with(props.id.clone(), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(list) = staff::caseload().await {
                    participant.set(list.into_iter().find(|p| p.id == id));
                }
                entries.set(Some(staff::shared_entries(&id).await.map_err(|e| staff_error(e, &navigator))));
            });
        });
    }
    let new_code = {
        let (id, code, message, navigator) = (props.id.clone(), code.clone(), message.clone(), navigator.clone());
        Callback::from(move |_: MouseEvent| {
            let (id, code, message, navigator) = (id.clone(), code.clone(), message.clone(), navigator.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match staff::new_code(&id).await {
                    Ok(issued) => code.set(Some(issued)),
                    Err(e) => message.set(Some(staff_error(e, &navigator))),
                }
            });
        })
    };
    let unlink = {
        let (id, message, navigator) = (props.id.clone(), message.clone(), navigator.clone());
        Callback::from(move |_: MouseEvent| {
            let (id, message, navigator) = (id.clone(), message.clone(), navigator.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let text = match staff::unlink(&id).await {
                    Ok(()) => "The phone link has ended. Their phone keeps everything, but shares nothing more.".to_string(),
                    Err(e) => staff_error(e, &navigator),
                };
                message.set(Some(text));
            });
        })
    };
    let name = participant.as_ref().map(|p| p.display_name.clone()).unwrap_or_else(|| "Participant".into());
    html! {
        <>
            <h1>{ &name }</h1>
            if let Some(p) = &*participant {
                <dl class="session-card__facts">
                    <dt>{ "Referred by" }</dt><dd>{ p.referral_source.label() }</dd>
                    <dt>{ "Justice contact" }</dt><dd>{ if p.justice_contact { "Yes" } else { "No" } }</dd>
                    <dt>{ "Consent discussed" }</dt><dd>{ p.consent_discussed_on.long_label() }</dd>
                    <dt>{ "Phone" }</dt><dd>{ if p.linked { "Linked" } else { "Not linked" } }</dd>
                </dl>
            }
            if let Some(m) = &*message { <p class="notice" role="status">{ m }</p> }
            if let Some(issued) = &*code { <LinkingCode name={name.clone()} issued={issued.clone()} /> }
            <div class="button-row">
                <button type="button" class="button button--secondary" onclick={new_code}>{ "New linking code" }</button>
                <button type="button" class="button button--warning" onclick={unlink}>{ "End phone link" }</button>
            </div>
            <section aria-labelledby="shared-title">
                <h2 id="shared-title">{ "Shared entries" }</h2>
                { match &*entries {
                    None => html! { <p role="status">{ "Loading…" }</p> },
                    Some(Err(m)) => html! { <p class="notice" role="alert">{ m }</p> },
                    Some(Ok(list)) if list.is_empty() => html! { <p class="empty">{ "Nothing shared yet." }</p> },
                    Some(Ok(list)) => html! {
                        <>
                            <p>{ format!("{} shared entries.", list.len()) }</p>
                            { for entries_by_day(list).into_iter().map(|(day, items)| html! {
                                <div class="day">
                                    <h3 class="day__title">{ day.long_label() }</h3>
                                    <ul class="entries">{ for items.into_iter().map(|e| html! { <EntrySummary entry={e.clone()} /> }) }</ul>
                                </div>
                            }) }
                        </>
                    },
                } }
            </section>
        </>
    }
}
