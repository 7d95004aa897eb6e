//! Taking the register, as quick and reliable as paper: one tap marks someone present, another undoes;
//! walk-ins are added by first name. Every tap is kept on the device first and sent when there is
//! signal; two leaders' taps merge per person (the latest tap wins).

use crate::browser;
use crate::staff::caseload::staff_error;
use crate::staff::Route;
use crate::storage::staff::{QueuedTap, StaffStorage};
use crate::sync::staff;
use steady_domain::attendance::{CodeForSession, Mark, PersonKey, Register};
use steady_domain::enrolment::DisplayName;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RegisterPageProps {
    pub id: String,
}

/// The register as the device knows it: the last copy from the server with unsent taps applied.
#[derive(Clone, PartialEq)]
struct View {
    register: Register,
    waiting: usize,
    offline: bool,
}

/// Reads the cached register, refreshes it if there is signal, sends queued taps, and returns the view.
async fn refresh(session_id: &str) -> Result<Option<View>, String> {
    let storage = StaffStorage::open().await.map_err(|e| e.to_string())?;
    let taps: Vec<QueuedTap> = storage
        .taps()
        .await
        .map_err(|e| e.to_string())?
        .records
        .into_iter()
        .filter(|t| t.session_id == session_id)
        .collect();
    let marks: Vec<Mark> = taps.iter().map(|t| t.mark.clone()).collect();
    let fetched = if marks.is_empty() {
        staff::register(session_id).await
    } else {
        staff::send_marks(session_id, marks).await.map(|reply| reply.register)
    };
    let (mut register, offline, waiting) = match fetched {
        Ok(register) => {
            storage.acknowledge(&taps).await.map_err(|e| e.to_string())?;
            (register, false, 0)
        }
        Err(e) if e.is_transient() => match storage.register(session_id).await.map_err(|e| e.to_string())? {
            Some(register) => (register, true, taps.len()),
            None => {
                return Err("There is no signal, and this register has not been opened on this device before.".into())
            }
        },
        Err(e) => return Err(e.message()),
    };
    let left: Vec<QueuedTap> = storage
        .taps()
        .await
        .map_err(|e| e.to_string())?
        .records
        .into_iter()
        .filter(|t| t.session_id == session_id)
        .collect();
    for tap in &left {
        register.apply(tap.mark.clone());
    }
    storage.set_register(&register).await.map_err(|e| e.to_string())?;
    Ok(Some(View { register, waiting: if offline { waiting.max(left.len()) } else { left.len() }, offline }))
}

/// Keeps a tap on the device, then tries to send everything waiting.
async fn tap(session_id: &str, mark: Mark) -> Result<Option<View>, String> {
    let storage = StaffStorage::open().await.map_err(|e| e.to_string())?;
    storage.queue_tap(&QueuedTap::new(session_id, mark.clone())).await.map_err(|e| e.to_string())?;
    if let Some(mut register) = storage.register(session_id).await.map_err(|e| e.to_string())? {
        register.apply(mark);
        storage.set_register(&register).await.map_err(|e| e.to_string())?;
    }
    refresh(session_id).await
}

#[component]
pub fn RegisterPage(props: &RegisterPageProps) -> Html {
    let view = use_state(|| None::<Result<View, String>>);
    let walk_in = use_state(String::new);
    let code = use_state(|| None::<Result<CodeForSession, String>>);
    let navigator = use_navigator();
    let run = {
        let (id, view) = (props.id.clone(), view.clone());
        Callback::from(move |mark: Option<Mark>| {
            let (id, view) = (id.clone(), view.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = match mark {
                    Some(mark) => tap(&id, mark).await,
                    None => refresh(&id).await,
                };
                match result {
                    Ok(Some(v)) => view.set(Some(Ok(v))),
                    Ok(None) => {}
                    Err(e) => view.set(Some(Err(e))),
                }
            });
        })
    };
    {
        let run = run.clone();
        use_effect_with(props.id.clone(), move |_| {
            run.emit(None);
            let again = run.clone();
            let online = gloo::events::EventListener::new(&gloo::utils::window(), "online", move |_| again.emit(None));
            let timer = gloo::timers::callback::Interval::new(20_000, move || run.emit(None));
            move || drop((online, timer))
        });
    }
    let v = match &*view {
        None => return html! { <p role="status">{ "Opening the register…" }</p> },
        Some(Err(m)) => return html! { <><h1>{ "Register" }</h1><p class="notice" role="alert">{ m }</p></> },
        Some(Ok(v)) => v.clone(),
    };
    let register = &v.register;
    let add_walk_in = {
        let (walk_in, run) = (walk_in.clone(), run.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Ok(name) = DisplayName::parse(&walk_in) else {
                return;
            };
            let person = PersonKey::parse(&format!("w:{}", uuid::Uuid::new_v4())).expect("a UUID makes a walk-in key");
            run.emit(Some(Mark { person, name, present: true, tapped_at: browser::now() }));
            walk_in.set(String::new());
        })
    };
    let show_code = {
        let (id, code, navigator) = (props.id.clone(), code.clone(), navigator.clone());
        Callback::from(move |_: MouseEvent| {
            let (id, code, navigator) = (id.clone(), code.clone(), navigator.clone());
            wasm_bindgen_futures::spawn_local(async move {
                code.set(Some(staff::session_code(&id).await.map_err(|e| staff_error(e, &navigator))));
            });
        })
    };
    let present = register.marks.iter().filter(|m| m.present).count();
    html! {
        <>
            <h1>{ &register.session.group_name }</h1>
            <p>{ register.session.when_label() }</p>
            <Link<Route> to={Route::Leader}>{ "Back to your sessions" }</Link<Route>>
            <p class="sharing-status" role="status">
                { format!("{present} here. ") }
                { match (v.offline, v.waiting) {
                    (true, n) if n > 0 => format!("No signal: {n} taps saved on this device, to send later."),
                    (true, _) => "No signal: showing the register saved on this device.".to_string(),
                    (false, 0) => "Everything is sent.".to_string(),
                    (false, n) => format!("Sending {n} taps…"),
                } }
            </p>
            <ul class="register">
                { for register.people().into_iter().map(|p| {
                    let here = register.is_present(&p.person);
                    let mark = Mark { person: p.person.clone(), name: p.name.clone(), present: !here, tapped_at: browser::now() };
                    let run = run.clone();
                    html! {
                        <li class="register__row">
                            <button type="button" class={classes!("register__tap", here.then_some("register__tap--here"))}
                                aria-pressed={here.to_string()} onclick={Callback::from(move |_| run.emit(Some(mark.clone())))}>
                                <span class="register__name">{ p.name.as_str() }</span>
                                <span class="register__state">{ if here { "Here" } else { "Not marked" } }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
            <form class="card" onsubmit={add_walk_in} novalidate=true>
                <label class="label" for="walk-in">{ "Add someone who walked in (first name)" }</label>
                <input id="walk-in" class="input" type="text" autocomplete="off" maxlength="80" value={(*walk_in).clone()}
                    oninput={let w = walk_in.clone(); Callback::from(move |e: InputEvent| w.set(e.target_unchecked_into::<HtmlInputElement>().value()))} />
                <button type="submit" class="button">{ "Add walk-in" }</button>
            </form>
            <section class="card" aria-labelledby="code-title">
                <h2 id="code-title">{ "Check-in code" }</h2>
                <p>{ "Participants with Steady can check themselves in with this code." }</p>
                { match &*code {
                    Some(Ok(c)) => html! {
                        <>
                            <p class="linking-code__code">{ c.code.as_str() }</p>
                            <div class="linking-code__qr" role="img" aria-label="QR code of the check-in code">
                                { Html::from_html_unchecked(AttrValue::from(c.qr_svg.clone())) }
                            </div>
                            <p class="hint">{ format!("Works from {} until {}.", c.opens_at.uk().clock(), c.closes_at.uk().clock()) }</p>
                        </>
                    },
                    Some(Err(m)) => html! { <p class="notice" role="alert">{ m }</p> },
                    None => html! { <button type="button" class="button button--secondary" onclick={show_code}>{ "Show check-in code" }</button> },
                } }
            </section>
        </>
    }
}
