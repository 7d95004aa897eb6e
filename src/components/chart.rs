//! A trend as an inline SVG line chart: daily means on a 0–10 scale, with gaps where nothing was
//! recorded, and the same facts in words for screen readers and for anyone who prefers reading.
//! The labels' size comes from the style sheet in rem, so they grow with the person's text size; the
//! layout leaves them room up to twice the usual size.

use steady_domain::decimal::one_decimal;
use steady_domain::summary::{overall_mean, DailyPoint};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TrendChartProps {
    /// What is measured, lower case: "stress", "wellbeing".
    pub measure: AttrValue,
    pub points: Vec<DailyPoint>,
}

const VIEW_BOX: &str = "0 0 320 172";
const LEFT: f32 = 34.0;
const RIGHT: f32 = 312.0;
const TOP: f32 = 12.0;
const BOTTOM: f32 = 140.0;

fn x_of(index: usize, count: usize) -> f32 {
    if count <= 1 {
        (LEFT + RIGHT) / 2.0
    } else {
        LEFT + (RIGHT - LEFT) * index as f32 / (count - 1) as f32
    }
}

fn y_of(value: f32) -> f32 {
    BOTTOM - (BOTTOM - TOP) * value / 10.0
}

/// Runs of consecutive days with a value, each drawn as one line.
fn segments(points: &[DailyPoint]) -> Vec<String> {
    let mut runs: Vec<String> = Vec::new();
    let mut current = String::new();
    for (i, p) in points.iter().enumerate() {
        match p.mean {
            Some(m) => current.push_str(&format!("{},{} ", one_decimal(x_of(i, points.len())), one_decimal(y_of(m)))),
            None if !current.is_empty() => runs.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// "Average stress 5.3 from 6 ratings. Highest day: 8 on Wed 25 Nov."
fn summary(measure: &str, points: &[DailyPoint]) -> Option<String> {
    let mean = overall_mean(points)?;
    let ratings: u32 = points.iter().map(|p| p.count).sum();
    let (top_day, top) = points.iter().filter_map(|p| p.mean.map(|m| (p.day, m))).max_by(|a, b| a.1.total_cmp(&b.1))?;
    let plural = if ratings == 1 { "rating" } else { "ratings" };
    Some(format!(
        "Average {measure} {} from {ratings} {plural}. Highest day: {} on {}.",
        one_decimal(mean),
        one_decimal(top),
        top_day.short_label()
    ))
}

#[component]
pub fn TrendChart(props: &TrendChartProps) -> Html {
    let points = &props.points;
    let days = points.len();
    let Some(text) = summary(&props.measure, points) else {
        return html! {
            <p class="chart-empty">{ format!("No {} ratings in the last {days} days yet.", props.measure) }</p>
        };
    };
    let first = points.first().map(|p| p.day.short_label()).unwrap_or_default();
    let title = format!("Daily {} over the last {days} days", props.measure);
    let dots = points.iter().enumerate().filter_map(|(i, p)| p.mean.map(|m| (x_of(i, days), y_of(m))));
    html! {
        <figure class={classes!("chart", format!("chart--{}", props.measure))}>
            <svg viewBox={VIEW_BOX} role="img" aria-label={format!("{title}. {text}")}
                 preserveAspectRatio="xMidYMid meet">
                { for [0u8, 5, 10].into_iter().map(|v| {
                    let y = y_of(f32::from(v));
                    html! {
                        <g class="chart__grid">
                            <line x1={one_decimal(LEFT)} x2={one_decimal(RIGHT)} y1={one_decimal(y)} y2={one_decimal(y)} />
                            <text x={one_decimal(LEFT - 6.0)} y={one_decimal(y)} text-anchor="end" dominant-baseline="middle">{ v.to_string() }</text>
                        </g>
                    }
                }) }
                { for segments(points).into_iter().map(|pts| html! {
                    <polyline class="chart__line" points={pts} />
                }) }
                { for dots.map(|(x, y)| html! {
                    <circle class="chart__dot" cx={one_decimal(x)} cy={one_decimal(y)} r="3.5" />
                }) }
                <text class="chart__axis" x={one_decimal(LEFT)} y="168">{ first }</text>
                <text class="chart__axis" x={one_decimal(RIGHT)} y="168" text-anchor="end">{ "Today" }</text>
            </svg>
            <figcaption>{ text }</figcaption>
        </figure>
    }
}

#[derive(Properties, PartialEq)]
pub struct TrendCardsProps {
    pub stress: Vec<DailyPoint>,
    pub wellbeing: Vec<DailyPoint>,
    /// Added to each heading, e.g. ", last 30 days".
    #[prop_or_default]
    pub heading_suffix: AttrValue,
}

/// Stress and wellbeing charts, each in its own card, with `heading_suffix` added to each heading. A
/// plain function, for History; each component type costs the `.wasm` its own copy of yew's lifecycle
/// code.
pub fn trend_cards(stress: &[DailyPoint], wellbeing: &[DailyPoint], heading_suffix: &str) -> Html {
    let card = |measure: &'static str, heading: &str, points: &[DailyPoint]| {
        let id = format!("{measure}-chart-title");
        html! {
            <section class="card" aria-labelledby={id.clone()}>
                <h2 {id}>{ format!("{heading}{heading_suffix}") }</h2>
                <TrendChart {measure} points={points.to_vec()} />
            </section>
        }
    };
    html! { <>{ card("stress", "Stress", stress) }{ card("wellbeing", "Wellbeing", wellbeing) }</> }
}

/// [`trend_cards`] as a component, for a page that hands the points over as props.
#[component]
pub fn TrendCards(props: &TrendCardsProps) -> Html {
    trend_cards(&props.stress, &props.wellbeing, &props.heading_suffix)
}
