//! Taking the register, as quick and reliable as paper: one tap marks someone present, another undoes;
//! walk-ins are added by first name. Every tap is kept on the device first and sent when there is
//! signal; two leaders' taps merge per person (the latest tap wins). A tap the server refuses is
//! listed under "Could not be saved" with the reason, to tap again or discard.

use crate::browser;
use crate::components::confirm::Confirm;
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::in_view::use_feedback;
use crate::router::*;
use crate::staff::hooks::{use_api_on_demand, use_staff};
use crate::staff::service::{self, StaffHandle};
use crate::staff::titled;
use crate::staff::Route;
use crate::storage::staff::RefusedTap;
use steady_domain::attendance::{Mark, PersonKey};
use steady_domain::enrolment::DisplayName;
use steady_domain::words::count;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RegisterPageProps {
    pub id: String,
}

#[component]
pub fn RegisterPage(props: &RegisterPageProps) -> Html {
    let staff = use_staff();
    let walk_in = use_state(String::new);
    let problem = use_feedback::<Problem>();
    let code = use_api_on_demand({
        let id = props.id.clone();
        move || service::session_code(id.clone())
    });
    let run = {
        let (id, staff) = (props.id.clone(), staff.clone());
        Callback::from(move |mark: Option<Mark>| {
            let (id, staff) = (id.clone(), staff.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match mark {
                    Some(mark) => staff.tap(&id, mark).await,
                    None => staff.refresh_register(&id).await,
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
    let v = match staff.state().register(&props.id) {
        None => return titled("Register", html! { <p role="status">{ "Opening the register…" }</p> }),
        Some(Err(m)) => return titled("Register", html! { <p class="notice" role="alert">{ m }</p> }),
        Some(Ok(v)) => v.clone(),
    };
    let refused = staff.state().refused(&props.id);
    let register = &v.register;
    let add_walk_in = {
        let (walk_in, run, problem) = (walk_in.clone(), run.clone(), problem.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let name = match DisplayName::parse(&walk_in) {
                Ok(name) => name,
                Err(e) => return problem.show(Problem::at("walk-in", e.to_string())),
            };
            problem.clear();
            let person = PersonKey::parse(&format!("w:{}", uuid::Uuid::new_v4())).expect("a UUID makes a walk-in key");
            run.emit(Some(Mark { person, name, present: true, tapped_at: browser::now() }));
            walk_in.set(String::new());
        })
    };
    let show_code = {
        let code = code.clone();
        Callback::from(move |_: MouseEvent| code.reload())
    };
    let present = register.marks.iter().filter(|m| m.present).count();
    titled(
        register.session.group_name.clone(),
        html! {
            <>
                <p>{ register.session.when_label() }</p>
                <Link<Route> to={Route::Leader} classes="back-link">{ "Back to your sessions" }</Link<Route>>
                <p class="sharing-status" role="status">
                    { format!("{present} here. ") }
                    { match (v.offline, v.waiting) {
                        (true, n) if n > 0 => format!("No signal: {} saved on this device, to send later.", count(n as u64, "tap", "taps")),
                        (true, _) => "No signal: showing the register saved on this device.".to_string(),
                        (false, 0) if !refused.is_empty() => "Everything else is sent.".to_string(),
                        (false, 0) => "Everything is sent.".to_string(),
                        (false, n) => format!("Sending {}…", count(n as u64, "tap", "taps")),
                    } }
                </p>
                if !refused.is_empty() {
                    { could_not_be_saved(&staff, &refused) }
                }
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
                    if let Some((p, shown)) = problem.get() { <ErrorSummary id="walk-in-problem" problem={p.clone()} {shown} /> }
                    <label class="label" for="walk-in">{ "Add someone who walked in (first name)" }</label>
                    <input id="walk-in" class="input" type="text" autocomplete="off" maxlength="80" value={(*walk_in).clone()}
                        oninput={let w = walk_in.clone(); Callback::from(move |e: InputEvent| w.set(e.target_unchecked_into::<HtmlInputElement>().value()))} />
                    <button type="submit" class="button">{ "Add walk-in" }</button>
                </form>
                <section class="card" aria-labelledby="code-title">
                    <h2 id="code-title">{ "Check-in code" }</h2>
                    <p>{ "Participants with Steady can check themselves in with this code." }</p>
                    { match code.get() {
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
        },
    )
}

/// Taps the server would not store: who, what the tap said, why in words, and what to do. They are
/// never sent again unless the leader taps again. (A plain function, not a component: it keeps no
/// state, and each component costs the `.wasm` its own lifecycle code.)
fn could_not_be_saved(staff: &StaffHandle, refused: &[&RefusedTap]) -> Html {
    html! {
        <section class="card card--refused" aria-labelledby="refused-title">
            <h2 id="refused-title">{ "Could not be saved" }</h2>
            <p>{ if refused.len() == 1 { "The server did not save this tap." } else { "The server did not save these taps." } }</p>
            <ul class="refused">
                { for refused.iter().map(|tap| {
                    let name = tap.mark.name.as_str().to_string();
                    let at = tap.mark.tapped_at;
                    let tap_again = {
                        let (staff, tap) = (staff.clone(), (*tap).clone());
                        Callback::from(move |_: MouseEvent| {
                            let (staff, tap) = (staff.clone(), tap.clone());
                            wasm_bindgen_futures::spawn_local(async move { staff.tap_again(&tap).await });
                        })
                    };
                    let discard = {
                        let (staff, tap) = (staff.clone(), (*tap).clone());
                        Callback::from(move |()| {
                            let (staff, tap) = (staff.clone(), tap.clone());
                            wasm_bindgen_futures::spawn_local(async move { staff.discard(&tap).await });
                        })
                    };
                    html! {
                        <li class="refused__row">
                            <p class="refused__name">{ &name }</p>
                            <p>{ format!("Tapped as {} on {} at {}.",
                                if tap.mark.present { "here" } else { "not here" }, at.uk_day().long_label(), at.uk().clock()) }</p>
                            <p class="refused__reason">{ &tap.message }</p>
                            <button type="button" class="button button--small" onclick={tap_again}>
                                { "Tap again" }<span class="visually-hidden">{ format!(" for {name}") }</span>
                            </button>
                            <Confirm id={format!("discard-{}", tap.key)} label="Discard" label_more={AttrValue::from(format!(" tap for {name}"))}
                                question={format!("Discard the tap for {name}?")} yes="Yes, discard it" no="No, keep it"
                                onconfirm={discard} class={classes!("button", "button--secondary", "button--small")}>
                                <p>{ format!("It will never be saved. The register keeps showing {name} as it did before this tap.") }</p>
                            </Confirm>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
