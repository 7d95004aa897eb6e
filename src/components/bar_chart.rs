//! Bars with their labels and values as text: each row names the bar and writes its value, and an
//! SVG bar below shows its size. The words are HTML, so they wrap and grow with the person's text
//! size; only the bar is drawn. Negative values (a fall in stress) grow left from the middle.

use steady_domain::decimal::one_decimal;
use yew::prelude::*;

#[derive(Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f32,
    /// What is written beside the bar.
    pub text: String,
}

#[derive(Properties, PartialEq)]
pub struct BarChartProps {
    pub title: AttrValue,
    pub bars: Vec<Bar>,
}

/// The bar's track in SVG user units (stretched to the row's width).
const TRACK: f32 = 200.0;

#[component]
pub fn BarChart(props: &BarChartProps) -> Html {
    let max = props.bars.iter().map(|b| b.value.abs()).fold(0.0f32, f32::max).max(1.0);
    let signed = props.bars.iter().any(|b| b.value < 0.0);
    let (zero, span) = if signed { (TRACK / 2.0, TRACK / 2.0) } else { (0.0, TRACK) };
    html! {
        <figure class="bar-chart">
            <figcaption class="visually-hidden">{ &props.title }</figcaption>
            <dl class="bar-chart__rows">
                { for props.bars.iter().map(|b| {
                    let w = span * b.value.abs() / max;
                    let x = if b.value < 0.0 { zero - w } else { zero };
                    html! {
                        <div class="bar-chart__row">
                            <dt class="bar-chart__label">{ &b.label }</dt>
                            <dd class="bar-chart__value">{ &b.text }</dd>
                            <dd class="bar-chart__track" aria-hidden="true">
                                <svg viewBox={format!("0 0 {} 10", one_decimal(TRACK))} preserveAspectRatio="none">
                                    <rect x={one_decimal(x)} y="0" width={one_decimal(w)} height="10" class="bar-chart__bar" />
                                    if signed { <line x1={one_decimal(zero)} x2={one_decimal(zero)} y1="0" y2="10" class="bar-chart__zero" /> }
                                </svg>
                            </dd>
                        </div>
                    }
                }) }
            </dl>
        </figure>
    }
}
