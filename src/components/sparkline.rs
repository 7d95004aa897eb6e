//! A small trend line for a caseload row: daily stress over two weeks, with gaps left as gaps.

use steady_domain::decimal::one_decimal;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SparklineProps {
    pub values: Vec<Option<f32>>,
    /// What the line shows, for screen readers.
    pub label: AttrValue,
}

#[component]
pub fn Sparkline(props: &SparklineProps) -> Html {
    let n = props.values.len().max(2);
    let point = |i: usize, v: f32| {
        format!("{},{} ", one_decimal(2.0 + 96.0 * i as f32 / (n - 1) as f32), one_decimal(22.0 - 20.0 * v / 10.0))
    };
    let mut runs = vec![String::new()];
    for (i, v) in props.values.iter().enumerate() {
        match v {
            Some(v) => runs.last_mut().map(|r| r.push_str(&point(i, *v))).unwrap_or_default(),
            None => runs.push(String::new()),
        }
    }
    html! {
        <svg class="sparkline" viewBox="0 0 100 24" role="img" aria-label={&props.label}>
            { for runs.into_iter().filter(|r| r.contains(' ')).map(|pts| {
                let single = pts.trim().split(' ').count() == 1;
                if single {
                    let (x, y) = pts.trim().split_once(',').unwrap_or(("0", "0"));
                    html! { <circle cx={x.to_string()} cy={y.to_string()} r="2" /> }
                } else {
                    html! { <polyline points={pts} /> }
                }
            }) }
        </svg>
    }
}
