//! Horizontal bars as inline SVG, with each value also written beside its bar. Negative values
//! (a fall in stress) grow left from the middle line.

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

#[component]
pub fn BarChart(props: &BarChartProps) -> Html {
    let max = props.bars.iter().map(|b| b.value.abs()).fold(0.0f32, f32::max).max(1.0);
    let signed = props.bars.iter().any(|b| b.value < 0.0);
    let (zero, span) = if signed { (165.0, 50.0) } else { (120.0, 100.0) };
    let row = 28.0;
    let height = row * props.bars.len() as f32 + 4.0;
    let summary: Vec<String> = props.bars.iter().map(|b| format!("{}: {}", b.label, b.text)).collect();
    html! {
        <figure class="bar-chart">
            <svg viewBox={format!("0 0 320 {height}")} role="img" aria-label={format!("{}. {}", props.title, summary.join("; "))}>
                { for props.bars.iter().enumerate().map(|(i, b)| {
                    let y = 4.0 + row * i as f32;
                    let w = span * b.value.abs() / max;
                    let x = if b.value < 0.0 { zero - w } else { zero };
                    html! {
                        <g>
                            <text x="0" y={(y + 17.0).to_string()} class="bar-chart__label">{ &b.label }</text>
                            <rect x={format!("{x:.1}")} y={y.to_string()} width={format!("{w:.1}")} height="20" class="bar-chart__bar" />
                            <text x="318" y={(y + 17.0).to_string()} text-anchor="end" class="bar-chart__value">{ &b.text }</text>
                        </g>
                    }
                }) }
                if signed { <line x1={zero.to_string()} x2={zero.to_string()} y1="0" y2={height.to_string()} class="bar-chart__zero" /> }
            </svg>
        </figure>
    }
}
