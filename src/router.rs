//! Moving between an app's pages without reloading the page: the address bar through the History API
//! (`pushState`, and `popstate` for Back and Forward), each app's `Route` enum read from a path and
//! written to one in one place ([`Routable`]). Our own rather than yew-router, whose route matcher,
//! URL decoding and history wrapper cost the participant's `.wasm` about 8 KB brotli for these few parts.

use gloo::events::EventListener;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use yew::prelude::*;

/// An app's pages: each is one path, and every other path is the app's "Page not found".
pub trait Routable: Clone + PartialEq + 'static {
    /// The page at `path` (the address's path, without query or fragment).
    fn from_path(path: &str) -> Self;
    fn to_path(&self) -> String;
}

/// A path's segments without the slashes around them: `/groups/abc/` is `["groups", "abc"]`, `/` is `[]`.
pub fn segments(path: &str) -> Vec<&str> {
    let path = path.trim_matches('/');
    if path.is_empty() {
        Vec::new()
    } else {
        path.split('/').collect()
    }
}

/// A path segment that names something (an id), decoded; `None` if it is empty or not valid
/// percent-encoding, so the path is "Page not found".
pub fn param(segment: &str) -> Option<String> {
    if segment.is_empty() {
        return None;
    }
    js_sys::decode_uri_component(segment).ok().map(String::from)
}

/// An id written into a path, so that any character in it survives the trip through the address bar.
pub fn encode(id: &str) -> String {
    js_sys::encode_uri_component(id).into()
}

/// Moves to another page of the app.
#[derive(Clone, PartialEq)]
pub struct Navigator {
    set_path: UseStateSetter<Rc<str>>,
}

impl Navigator {
    /// Opens `to` as a new step in the tab's history.
    pub fn push(&self, to: &impl Routable) {
        self.go(to.to_path(), false);
    }

    /// Opens `to` in place of the current page, so Back does not return to it.
    pub fn replace(&self, to: &impl Routable) {
        self.go(to.to_path(), true);
    }

    /// What clicking a link to `to` does: moves within the app, unless a modifier key or another
    /// button asks the browser for a new tab or window, which the link's `href` then gives.
    pub fn on_click(&self, to: &impl Routable) -> Callback<MouseEvent> {
        let (navigator, path) = (self.clone(), to.to_path());
        Callback::from(move |e: MouseEvent| {
            if e.button() == 0 && !(e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key()) {
                e.prevent_default();
                navigator.go(path.clone(), false);
            }
        })
    }

    fn go(&self, path: String, replace: bool) {
        let history = gloo::utils::history();
        let moved = if replace {
            history.replace_state_with_url(&JsValue::NULL, "", Some(&path))
        } else {
            history.push_state_with_url(&JsValue::NULL, "", Some(&path))
        };
        match moved {
            Ok(()) => self.set_path.set(path.into()),
            // The browser refused to change the address: load the page the ordinary way.
            Err(_) => {
                let _ = gloo::utils::window().location().set_href(&path);
            }
        }
    }
}

/// The open page's path and the way to another, for everything inside [`BrowserRouter`].
#[derive(Clone, PartialEq)]
struct Here {
    path: Rc<str>,
    navigator: Navigator,
}

fn address_path() -> Rc<str> {
    gloo::utils::window().location().pathname().unwrap_or_else(|_| "/".into()).into()
}

#[derive(Properties, PartialEq)]
pub struct BrowserRouterProps {
    pub children: Html,
}

/// Follows the address bar: a link or [`Navigator`] changes it, and so do the browser's Back and Forward.
#[component]
pub fn BrowserRouter(props: &BrowserRouterProps) -> Html {
    let path = use_state(address_path);
    {
        let set_path = path.setter();
        use_effect_with((), move |_| {
            let listener =
                EventListener::new(&gloo::utils::window(), "popstate", move |_| set_path.set(address_path()));
            move || drop(listener)
        });
    }
    let here = Here { path: (*path).clone(), navigator: Navigator { set_path: path.setter() } };
    html! { <ContextProvider<Here> context={here}>{ props.children.clone() }</ContextProvider<Here>> }
}

/// The open page.
#[hook]
pub fn use_route<R: Routable>() -> R {
    R::from_path(&use_here().path)
}

/// The way to another page.
#[hook]
pub fn use_navigator() -> Navigator {
    use_here().navigator
}

#[hook]
fn use_here() -> Here {
    use_context::<Here>().expect("router hooks are used inside <BrowserRouter>")
}

#[derive(Properties, PartialEq)]
pub struct LinkProps<R: Routable> {
    pub to: R,
    #[prop_or_default]
    pub classes: Classes,
    #[prop_or_default]
    pub children: Html,
}

/// A link to another page of the app: a real `href` (new tabs, copying the address), and a click that
/// moves without reloading.
#[component]
pub fn Link<R: Routable>(props: &LinkProps<R>) -> Html {
    link(&use_navigator(), &props.to, props.classes.clone(), props.children.clone())
}

/// The same link drawn by a plain function, with the navigator of the component drawing it (the
/// participant's pages: each component type costs the `.wasm` its own copy of yew's lifecycle code).
pub fn link<R: Routable>(navigator: &Navigator, to: &R, classes: impl Into<Classes>, children: Html) -> Html {
    html! { <a href={to.to_path()} class={classes.into()} onclick={navigator.on_click(to)}>{ children }</a> }
}
