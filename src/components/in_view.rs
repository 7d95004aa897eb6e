//! Feedback where the person is looking, as the NHS App does it: a result, an error or a question
//! that appears after a tap is scrolled into view and focused, so no one has to hunt for it and a
//! screen reader reads it out. Pages keep such a message in a [`Feedback`] and show it in an
//! [`InView`].

use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// A message a page shows in answer to something the person did. Every [`Feedback::show`] counts as
/// a new showing, even of the same words, so a second failed try brings the message back into view.
pub struct Feedback<T> {
    state: UseStateHandle<Option<(T, u32)>>,
    shown: Rc<Cell<u32>>,
}

impl<T> Clone for Feedback<T> {
    fn clone(&self) -> Self {
        Feedback { state: self.state.clone(), shown: self.shown.clone() }
    }
}

impl<T> Feedback<T> {
    pub fn show(&self, value: T) {
        let n = self.shown.get().wrapping_add(1);
        self.shown.set(n);
        self.state.set(Some((value, n)));
    }

    pub fn clear(&self) {
        self.state.set(None);
    }

    /// What is shown now, with which showing it is (for [`InViewProps::shown`]).
    pub fn get(&self) -> Option<(&T, u32)> {
        self.state.as_ref().map(|(value, n)| (value, *n))
    }
}

/// A page's [`Feedback`], empty at first.
///
/// ```text
/// let result = use_feedback::<String>();
/// result.show("Saved.".into());
/// if let Some((message, shown)) = result.get() { <InView {shown} class="confirmation" role="status">{ message }</InView> }
/// ```
#[hook]
pub fn use_feedback<T: 'static>() -> Feedback<T> {
    let state = use_state(|| None::<(T, u32)>);
    let shown = use_memo((), |_| Cell::new(0u32));
    Feedback { state, shown }
}

#[derive(Properties, PartialEq)]
pub struct InViewProps {
    /// Which showing this is: the view moves to it when it first appears and each time this changes.
    #[prop_or_default]
    pub shown: u32,
    #[prop_or_default]
    pub class: Classes,
    /// `status` for a result, `alert` for an error, `group` for a question.
    #[prop_or_default]
    pub role: Option<AttrValue>,
    #[prop_or_default]
    pub labelledby: Option<AttrValue>,
    #[prop_or_default]
    pub children: Html,
}

/// Shows its children and brings them into view and focus.
#[component]
pub fn InView(props: &InViewProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(props.shown, move |_| {
            if let Some(element) = node.cast::<web_sys::Element>() {
                crate::browser::bring_into_view(&element);
            }
        });
    }
    html! {
        <div ref={node} class={classes!("in-view", props.class.clone())} role={props.role.clone()}
            aria-labelledby={props.labelledby.clone()} tabindex="-1">
            { props.children.clone() }
        </div>
    }
}
