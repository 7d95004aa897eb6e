//! Small bridges to the browser that several pages need: the clock, new ids, file downloads, reading a
//! chosen file, the service worker, and moving the view and focus (page changes, feedback).

use steady_domain::{EntryId, Timestamp};
use wasm_bindgen::{JsCast, JsValue};

/// What a page change does, as the NHS App does it: the tab is titled for the page ("History –
/// Steady"), and, when the person moved from another page, the view goes back to the top and focus
/// moves to the page's heading, so a screen reader announces where they are.
pub fn arrive_at(title: &str, moved: bool) {
    arrive(&format!("{title} – Steady"), moved);
}

/// [`arrive_at`] with the whole tab title given ("Caseload – Steady for staff").
pub fn arrive(tab_title: &str, moved: bool) {
    let document = gloo::utils::document();
    document.set_title(tab_title);
    if !moved {
        return;
    }
    gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0);
    let target = document.query_selector("#main h1").ok().flatten().or_else(|| document.get_element_by_id("main"));
    if let Some(element) = target {
        focus(&element);
    }
}

/// Brings something that just appeared (a result, an error, a question) to the person: scrolled to
/// the top of the view and focused, so a screen reader reads it out and no one has to look for it.
pub fn bring_into_view(element: &web_sys::Element) {
    element.scroll_into_view_with_bool(true);
    focus(element);
}

/// Focuses an element, making it focusable from script first if it is not already.
pub fn focus(element: &web_sys::Element) {
    if let Some(element) = element.dyn_ref::<web_sys::HtmlElement>() {
        if !element.has_attribute("tabindex")
            && !element.matches("a[href], button, input, select, textarea").unwrap_or(false)
        {
            let _ = element.set_attribute("tabindex", "-1");
        }
        let _ = element.focus();
    }
}

/// Now, by the phone's clock.
/// The page's host and port ("steady.example:8080"), for addresses another app opens (calendar feeds).
pub fn host() -> String {
    web_sys::window().and_then(|w| w.location().host().ok()).unwrap_or_default()
}

pub fn now() -> Timestamp {
    Timestamp::from_millis(js_sys::Date::now() as i64)
}

/// A fresh random entry id (UUID v4 from the browser's crypto random source).
pub fn new_entry_id() -> EntryId {
    EntryId::parse(&uuid::Uuid::new_v4().to_string()).expect("a v4 UUID is a valid entry id")
}

/// Indented JSON text of a value, made by the browser's `JSON.stringify`.
pub fn pretty_json<T: serde::Serialize>(value: &T) -> Result<String, JsValue> {
    stringify(value, &JsValue::from(2))
}

/// Compact JSON text of a value (request bodies).
pub fn json<T: serde::Serialize>(value: &T) -> Result<String, JsValue> {
    stringify(value, &JsValue::UNDEFINED)
}

fn stringify<T: serde::Serialize>(value: &T, space: &JsValue) -> Result<String, JsValue> {
    let js = value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?;
    js_sys::JSON::stringify_with_replacer_and_space(&js, &JsValue::NULL, space)?
        .as_string()
        .ok_or_else(|| JsValue::from_str("not a string"))
}

/// Offers `contents` to the person as a file download.
pub fn download(file_name: &str, mime: &str, contents: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(contents));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = gloo::utils::document();
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    web_sys::Url::revoke_object_url(&url)
}

/// The text of a file the person chose (a restore reads a downloaded copy).
pub async fn read_text(file: &web_sys::File) -> Result<String, JsValue> {
    let text = wasm_bindgen_futures::JsFuture::from(file.text()).await?;
    text.as_string().ok_or_else(|| JsValue::from_str("not text"))
}

/// Registers `/sw.js`, which keeps the app working offline. Failing is not fatal: the app still
/// works online.
pub fn register_service_worker() {
    let container = gloo::utils::window().navigator().service_worker();
    let promise = container.register("/sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = wasm_bindgen_futures::JsFuture::from(promise).await {
            gloo::console::warn!("The offline helper could not start:", e);
        }
    });
}

/// Asks the service worker to keep Steady for staff for offline use (a leader's register works with no
/// signal). Participants' phones never ask, so never download it.
pub fn cache_staff_app() {
    register_service_worker();
    let container = gloo::utils::window().navigator().service_worker();
    let Ok(ready) = container.ready() else { return };
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(registration) = wasm_bindgen_futures::JsFuture::from(ready).await else { return };
        let registration: web_sys::ServiceWorkerRegistration = registration.unchecked_into();
        if let Some(worker) = registration.active() {
            if let Err(e) = worker.post_message(&JsValue::from_str("cache-staff")) {
                gloo::console::warn!("Could not ask for offline use:", e);
            }
        }
    });
}
