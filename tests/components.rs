//! Browser tests of widgets, rendered into the page as a person sees them.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;
use steady::components::chart::{TrendChart, TrendChartProps};
use steady::components::crisis_card::{CrisisCard, CrisisCardProps};
use steady::components::rating_picker::{RatingPicker, RatingPickerProps};
use steady_domain::summary::daily_means;
use steady_domain::{Rating, Timestamp};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use yew::{AttrValue, Callback};

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
