//! Browser tests of widgets, rendered into the page as a person sees them; for feedback and
//! confirmations, what has focus after each tap is what a screen reader would read out.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;
use steady::components::bar_chart::{Bar, BarChart, BarChartProps};
use steady::components::chart::{TrendChart, TrendChartProps};
use steady::components::confirm::{Confirm, ConfirmProps};
use steady::components::crisis_card::{CrisisCard, CrisisCardProps};
use steady::components::error_summary::{ErrorSummary, ErrorSummaryProps, Problem};
use steady::components::rating_picker::{RatingPicker, RatingPickerProps};
use steady_domain::summary::daily_means;
use steady_domain::{Rating, Timestamp};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use yew::{html, props, AttrValue, Callback};

wasm_bindgen_test_configure!(run_in_browser);

fn root() -> web_sys::Element {
    let document = gloo::utils::document();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div
}

#[wasm_bindgen_test]
async fn tapping_a_number_chooses_that_rating() {
    let chosen = Rc::new(Cell::new(None::<u8>));
    let seen = chosen.clone();
    let root = root();
    let props = RatingPickerProps {
        legend: AttrValue::Static("How stressed do you feel?"),
        name: AttrValue::Static("stress-test"),
        value: None,
        onchange: Callback::from(move |r: Rating| seen.set(Some(r.value()))),
        low: AttrValue::Static("0 = not at all stressed"),
        high: AttrValue::Static("10 = extremely stressed"),
        hint: None,
    };
    yew::Renderer::<RatingPicker>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;

    assert_eq!(root.query_selector("legend").unwrap().unwrap().text_content().unwrap(), "How stressed do you feel?");
    let labels = root.query_selector_all("label").unwrap();
    assert_eq!(labels.length(), 11, "one button for each of 0 to 10");
    let seven: web_sys::HtmlElement =
        root.query_selector("label[for='stress-test-7']").unwrap().unwrap().dyn_into().unwrap();
    seven.click();
    yew::scheduler::flush().await;
    assert_eq!(chosen.get(), Some(7));
}

#[wasm_bindgen_test]
async fn the_crisis_card_offers_one_tap_calls_and_texts() {
    let root = root();
    yew::Renderer::<CrisisCard>::with_root_and_props(root.clone(), CrisisCardProps { onclose: None }).render();
    yew::scheduler::flush().await;
    let text = root.text_content().unwrap();
    for expected in ["NHS 111, option 2", "116 123", "Text SHOUT to 85258", "999"] {
        assert!(text.contains(expected), "missing {expected}");
    }
    let links = root.query_selector_all("a[href^='tel:'], a[href^='sms:']").unwrap();
    assert_eq!(links.length(), 4);
    assert!(!text.contains("saved"), "on Get help now nothing was saved, so it does not say so: {text}");
}

#[wasm_bindgen_test]
async fn after_saving_an_entry_the_crisis_card_says_it_is_saved_and_can_be_closed() {
    let root = root();
    let onclose = Some(Callback::from(|_| ()));
    yew::Renderer::<CrisisCard>::with_root_and_props(root.clone(), CrisisCardProps { onclose }).render();
    yew::scheduler::flush().await;
    assert!(root.text_content().unwrap().contains("Your entry is saved. If things feel too much right now"));
    assert!(root.query_selector("button").unwrap().is_some_and(|b| b.text_content().as_deref() == Some("Close")));
}

#[wasm_bindgen_test]
async fn the_chart_draws_a_line_per_run_of_days_and_says_it_in_words() {
    let at = |t: &str| Timestamp::parse(t).unwrap();
    let r = |v: i64| Rating::new(v).unwrap();
    let readings = vec![
        (at("2026-11-19T10:00:00Z"), r(8)),
        (at("2026-11-20T10:00:00Z"), r(6)),
        (at("2026-11-23T10:00:00Z"), r(4)),
        (at("2026-11-24T10:00:00Z"), r(2)),
    ];
    let points = daily_means(readings, at("2026-11-25T12:00:00Z").uk_day(), 7);
    let root = root();
    yew::Renderer::<TrendChart>::with_root_and_props(
        root.clone(),
        TrendChartProps { measure: AttrValue::Static("stress"), points },
    )
    .render();
    yew::scheduler::flush().await;
    assert_eq!(root.query_selector_all("polyline").unwrap().length(), 2, "a gap splits the line");
    assert_eq!(root.query_selector_all("circle").unwrap().length(), 4);
    let caption = root.query_selector("figcaption").unwrap().unwrap().text_content().unwrap();
    assert_eq!(caption, "Average stress 5.0 from 4 ratings. Highest day: 8.0 on Thu 19 Nov.");
}

#[wasm_bindgen_test]
async fn an_empty_chart_says_so_instead_of_drawing_nothing() {
    let root = root();
    let points = daily_means(Vec::new(), Timestamp::parse("2026-11-25T12:00:00Z").unwrap().uk_day(), 30);
    yew::Renderer::<TrendChart>::with_root_and_props(
        root.clone(),
        TrendChartProps { measure: AttrValue::Static("wellbeing"), points },
    )
    .render();
    yew::scheduler::flush().await;
    assert!(root.query_selector("svg").unwrap().is_none());
    assert_eq!(root.text_content().unwrap(), "No wellbeing ratings in the last 30 days yet.");
}

fn button(root: &web_sys::Element, text: &str) -> web_sys::HtmlElement {
    let buttons = root.query_selector_all("button").unwrap();
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .find(|b| b.text_content().unwrap_or_default().starts_with(text))
        .unwrap_or_else(|| panic!("a button \"{text}\""))
        .dyn_into()
        .unwrap()
}

fn focused() -> web_sys::Element {
    gloo::utils::document().active_element().expect("something has focus")
}

#[wasm_bindgen_test]
async fn ending_something_asks_first_and_no_goes_back_to_the_button() {
    let done = Rc::new(Cell::new(0u32));
    let seen = done.clone();
    let root = root();
    let props = props!(ConfirmProps {
        id: "end-link",
        label: "End phone link",
        question: "End the phone link for Ash?",
        yes: "Yes, end the phone link",
        no: "No, keep it linked",
        onconfirm: Callback::from(move |()| seen.set(seen.get() + 1)),
        children: html! { <p>{ "Their phone stops sharing with you straight away." }</p> },
    });
    yew::Renderer::<Confirm>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;

    button(&root, "End phone link").click();
    yew::scheduler::flush().await;
    assert_eq!(done.get(), 0, "the first tap only asks");
    assert_eq!(focused().get_attribute("role").as_deref(), Some("group"), "the question has focus");
    assert!(focused().text_content().unwrap().contains("End the phone link for Ash?Their phone stops sharing"));

    button(&root, "No, keep it linked").click();
    yew::scheduler::flush().await;
    assert_eq!(done.get(), 0, "no does nothing");
    assert_eq!(focused().text_content().as_deref(), Some("End phone link"), "focus is back on the button that asked");

    button(&root, "End phone link").click();
    yew::scheduler::flush().await;
    button(&root, "Yes, end the phone link").click();
    yew::scheduler::flush().await;
    assert_eq!(done.get(), 1, "yes does it, once");
    assert!(root.query_selector("[role='group']").unwrap().is_none(), "the question has gone");
}

#[wasm_bindgen_test]
async fn the_error_summary_takes_focus_and_links_to_the_field() {
    let root = root();
    let field = gloo::utils::document().create_element("input").unwrap();
    field.set_id("feedback-test-name");
    gloo::utils::document().body().unwrap().append_child(&field).unwrap();
    let props = ErrorSummaryProps {
        id: "feedback-test-problem".into(),
        problem: Problem::at("feedback-test-name", "Enter a name or reference."),
        shown: 1,
    };
    yew::Renderer::<ErrorSummary>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;

    assert_eq!(focused().get_attribute("role").as_deref(), Some("alert"));
    assert!(focused().text_content().unwrap().starts_with("There is a problem"));
    let link: web_sys::HtmlElement = root.query_selector("a").unwrap().unwrap().dyn_into().unwrap();
    assert_eq!(link.text_content().as_deref(), Some("Enter a name or reference."));
    link.click();
    assert_eq!(focused().id(), "feedback-test-name", "the link moves focus to the field to fix");
}

#[wasm_bindgen_test]
async fn a_bar_chart_writes_each_label_and_value_as_text() {
    let root = root();
    let bars = vec![
        Bar { label: "Walking group".into(), value: -1.5, text: "-1.5 (1 session)".into() },
        Bar { label: "Community gardening".into(), value: 0.5, text: "+0.5 (2 sessions)".into() },
    ];
    let props = BarChartProps { title: "Mean stress change by kind of group".into(), bars };
    yew::Renderer::<BarChart>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    let terms: Vec<String> = {
        let list = root.query_selector_all("dt, dd.bar-chart__value").unwrap();
        (0..list.length()).filter_map(|i| list.item(i)).map(|n| n.text_content().unwrap_or_default()).collect()
    };
    assert_eq!(terms, ["Walking group", "-1.5 (1 session)", "Community gardening", "+0.5 (2 sessions)"]);
    let left: web_sys::Element = root.query_selector("rect").unwrap().unwrap();
    let x: f32 = left.get_attribute("x").unwrap().parse().unwrap();
    assert!(x < 100.0, "a fall grows left of the middle, from {x}");
}
