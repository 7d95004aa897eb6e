//! A pairing code as the link worker shows it to a participant: large, spaced text, a QR code, and
//! when it stops working.

use steady_domain::enrolment::IssuedCode;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LinkingCodeProps {
    pub name: AttrValue,
    pub issued: IssuedCode,
}

#[component]
pub fn LinkingCode(props: &LinkingCodeProps) -> Html {
    let issued = &props.issued;
    html! {
        <section class="card linking-code" aria-labelledby="linking-code-title">
            <h2 id="linking-code-title">{ format!("Linking code for {}", props.name) }</h2>
            <p class="linking-code__code" aria-label={format!("Linking code {}", issued.code.as_str().chars().map(String::from).collect::<Vec<_>>().join(" "))}>
                { issued.code.spaced() }
            </p>
            <div class="linking-code__qr" role="img" aria-label="QR code that opens Steady with this linking code">
                { Html::from_html_unchecked(AttrValue::from(issued.qr_svg.clone())) }
            </div>
            <p>{ format!("They type the code in Steady under My data, then Sharing settings, or scan the QR code. It works once, until {} at {}.",
                issued.expires_at.uk_day().short_label(), issued.expires_at.uk().clock()) }</p>
            <p class="hint">{ "Linking does not share anything until they turn sharing on." }</p>
        </section>
    }
}
