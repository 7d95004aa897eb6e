//! How staff pages reach the shared state and the server: [`use_staff`] for the state and its
//! actions, [`use_api`] for a read only one page shows (loading, then the answer or a message), and
//! [`use_error_text`] for turning a failed action into a sentence (sending a signed-out person to
//! sign in).

use super::service::{StaffError, StaffHandle};
use super::state::StaffState;
use super::Route;
use crate::router::*;
use std::any::Any;
use std::cell::Cell;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;
use yew::prelude::*;

/// The context the staff app's root provides.
pub type StaffContext = UseReducerHandle<StaffState>;

/// A page's handle on the staff app's state and actions.
///
/// ```text
/// let staff = use_staff();
/// let sessions = &staff.state().sessions;
/// wasm_bindgen_futures::spawn_local(async move { staff.load_sessions().await });
/// ```
#[hook]
pub fn use_staff() -> StaffHandle {
    StaffHandle::new(use_context::<StaffContext>().expect("use_staff is used inside <StaffApp>"))
}

/// Turns a failed action into a sentence for the person; if the server no longer knows them, sends
/// them to sign in as well.
#[derive(Clone)]
pub struct ErrorText {
    navigator: Navigator,
}

impl ErrorText {
    pub fn of(&self, e: StaffError) -> String {
        if e.signed_out() {
            self.navigator.push(&Route::StaffSignIn);
        }
        e.to_string()
    }
}

#[hook]
pub fn use_error_text() -> ErrorText {
    ErrorText { navigator: use_navigator() }
}

/// A loaded answer, its type erased, so the hooks below are compiled once for every page's read
/// rather than once per type (the staff app's `.wasm` is smaller); [`Api`] gives the type back.
type Loaded = Rc<dyn Any>;
type Load = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = Result<Loaded, StaffError>>>>>;

/// One read from the server: `None` while the first answer is awaited, then the answer or a message.
/// A reload keeps showing the last answer until the new one comes.
pub struct Api<T> {
    state: UseStateHandle<Option<Result<Loaded, String>>>,
    reload: Callback<()>,
    answer: PhantomData<T>,
}

impl<T> Clone for Api<T> {
    fn clone(&self) -> Self {
        Api { state: self.state.clone(), reload: self.reload.clone(), answer: PhantomData }
    }
}

impl<T: 'static> Api<T> {
    pub fn get(&self) -> Option<Result<&T, &String>> {
        match self.state.as_ref()? {
            Ok(loaded) => loaded.downcast_ref().map(Ok),
            Err(message) => Some(Err(message)),
        }
    }
}

impl<T> Api<T> {
    /// Loads again, with the page's newest inputs.
    pub fn reload(&self) {
        self.reload.emit(());
    }

    /// [`Api::reload`] as a callback, for a child component.
    pub fn reloader(&self) -> Callback<()> {
        self.reload.clone()
    }
}

/// A read that runs only when asked ([`Api::reload`]), e.g. behind a "Show" button.
///
/// ```text
/// let code = use_api_on_demand({ let id = id.clone(); move || service::session_code(id.clone()) });
/// ```
#[hook]
pub fn use_api_on_demand<T, F, Fut>(load: F) -> Api<T>
where
    T: 'static,
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<T, StaffError>> + 'static,
{
    let load = move || {
        let answer = load();
        Box::pin(async move { answer.await.map(|t| Rc::new(t) as Loaded) }) as Pin<Box<dyn Future<Output = _>>>
    };
    let (state, reload) = use_loaded(Rc::new(load));
    Api { state, reload, answer: PhantomData }
}

/// The part of [`use_api_on_demand`] that does not depend on the answer's type.
#[hook]
fn use_loaded(load: Load) -> (UseStateHandle<Option<Result<Loaded, String>>>, Callback<()>) {
    let state = use_state(|| None::<Result<Loaded, String>>);
    let errors = use_error_text();
    // The newest `load` (it captures this render's inputs) and which request is the newest, so an
    // older answer arriving late never replaces a newer one.
    let latest = use_mut_ref(|| None::<Load>);
    *latest.borrow_mut() = Some(load);
    let newest = use_memo((), |_| Cell::new(0u32));
    let reload = {
        let state = state.clone();
        Callback::from(move |_: ()| {
            let Some(load) = latest.borrow().clone() else { return };
            let (state, errors, newest) = (state.clone(), errors.clone(), newest.clone());
            let request = newest.get().wrapping_add(1);
            newest.set(request);
            wasm_bindgen_futures::spawn_local(async move {
                let answer = load().await.map_err(|e| errors.of(e));
                if newest.get() == request {
                    state.set(Some(answer));
                }
            });
        })
    };
    (state, reload)
}

/// A read that runs when the page opens and whenever `deps` change, and when asked.
///
/// ```text
/// let detail = use_api(id.clone(), { let id = id.clone(); move || service::participant(id.clone()) });
/// ```
#[hook]
pub fn use_api<T, D, F, Fut>(deps: D, load: F) -> Api<T>
where
    T: 'static,
    D: PartialEq + 'static,
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<T, StaffError>> + 'static,
{
    let api = use_api_on_demand(load);
    {
        let api = api.clone();
        use_effect_with(deps, move |_| api.reload());
    }
    api
}
