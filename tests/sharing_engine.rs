//! Browser tests of sharing over a network that misbehaves, through the app service as pages use it, with
//! real IndexedDB, real timers and a real `AbortController`. Only the network is replaced: the page's
//! `fetch` answers each request as the test scripts it (at once, when the test says, or never), honours
//! the abort signal as the browser's does, and logs what was sent. With the lock on, nothing is sent
//! while locked and the outbox goes after unlocking.
#![cfg(target_arch = "wasm32")]

use futures::channel::mpsc;
use futures::StreamExt;
use js_sys::{Function, Promise, Reflect};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::rc::Rc;
use steady::service::AppService;
use steady::state::{AppState, Phase, SyncStatus};
use steady::storage::{Link, Storage};
use steady::sync::http::{set_timeout_ms, DEFAULT_TIMEOUT_MS};
use steady_domain::attendance::SessionCode;
use steady_domain::entry::QuickLog;
use steady_domain::lock::{Secret, MIN_ITERATIONS};
use steady_domain::{Entry, EntryBody, EntryId, GroupKind, Rating, Session, SessionId, Timestamp};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use yew::{Callback, Reducible};

wasm_bindgen_test_configure!(run_in_browser);

const ENTRY_ID: &str = "00000000-0000-4000-8000-0000000000e1";
const ACKNOWLEDGED: &str = r#"{"acknowledged":[{"id":"00000000-0000-4000-8000-0000000000e1","outcome":"applied"}]}"#;
const DELETED_NOTICE: &str =
    "Your shared copies have been deleted. Your link worker can no longer see anything you shared.";

/// How the fake network answers one request.
enum Answer {
    /// At once, with this status and JSON body.
    Json(u16, &'static str),
    /// When the test calls [`Held::answer`].
    Hold,
    /// Never (only an abort ends it).
    Never,
}

/// A request the test answers when it chooses.
struct Held(Function);

impl Held {
    fn answer(self, status: u16, json: &str) {
        self.0.call1(&JsValue::NULL, &response(status, json)).unwrap();
    }
}

/// One request as it was sent, and its abort signal.
struct Sent {
    method: String,
    url: String,
    signal: web_sys::AbortSignal,
}

/// The page's `fetch`, replaced until dropped.
struct FakeNetwork {
    sent: Rc<RefCell<Vec<Sent>>>,
    held: mpsc::UnboundedReceiver<Held>,
    real_fetch: JsValue,
    _fetch: Closure<dyn FnMut(JsValue, JsValue) -> Promise>,
}

impl FakeNetwork {
    fn install(answers: impl IntoIterator<Item = Answer>) -> Self {
        let answers: Rc<RefCell<VecDeque<Answer>>> = Rc::new(RefCell::new(answers.into_iter().collect()));
        let sent = Rc::new(RefCell::new(Vec::new()));
        let (hold, held) = mpsc::unbounded();
        let log = sent.clone();
        let fetch = Closure::<dyn FnMut(JsValue, JsValue) -> Promise>::new(move |url: JsValue, init: JsValue| {
            let signal: web_sys::AbortSignal = Reflect::get(&init, &"signal".into()).unwrap().unchecked_into();
            log.borrow_mut().push(Sent {
                method: Reflect::get(&init, &"method".into()).unwrap().as_string().unwrap(),
                url: url.as_string().unwrap(),
                signal: signal.clone(),
            });
            // A request the script has no answer for fails like no signal; the test sees it in the log.
            let Some(answer) = answers.borrow_mut().pop_front() else {
                return Promise::reject(&js_sys::Error::new("a request the test did not expect"));
            };
            let hold = hold.clone();
            Promise::new(&mut |resolve: Function, reject: Function| {
                // As the browser's fetch does: an abort fails the request.
                let on_abort = Closure::once_into_js(move || {
                    reject.call1(&JsValue::NULL, &js_sys::Error::new("AbortError")).unwrap();
                });
                signal.add_event_listener_with_callback("abort", on_abort.unchecked_ref()).unwrap();
                match answer {
                    Answer::Json(status, json) => {
                        resolve.call1(&JsValue::NULL, &response(status, json)).unwrap();
                    }
                    Answer::Hold => hold.unbounded_send(Held(resolve)).unwrap(),
                    Answer::Never => {}
                }
            })
        });
        let window = gloo::utils::window();
        let real_fetch = Reflect::get(&window, &"fetch".into()).unwrap();
        Reflect::set(&window, &"fetch".into(), fetch.as_ref()).unwrap();
        FakeNetwork { sent, held, real_fetch, _fetch: fetch }
    }

    /// The next request the script holds, once it has been sent.
    async fn held(&mut self) -> Held {
        self.held.next().await.expect("the network is still installed")
    }

    fn requests(&self) -> Vec<(String, String)> {
        self.sent.borrow().iter().map(|s| (s.method.clone(), s.url.clone())).collect()
    }

    fn aborted(&self) -> Vec<bool> {
        self.sent.borrow().iter().map(|s| s.signal.aborted()).collect()
    }
}

impl Drop for FakeNetwork {
    fn drop(&mut self) {
        Reflect::set(&gloo::utils::window(), &"fetch".into(), &self.real_fetch).unwrap();
    }
}

/// An answer with a JSON body, or none if `json` is empty (as with 204).
fn response(status: u16, json: &str) -> web_sys::Response {
    let init = web_sys::ResponseInit::new();
    init.set_status(status);
    web_sys::Response::new_with_opt_str_and_init(Some(json).filter(|j| !j.is_empty()), &init).unwrap()
}

fn request(method: &str, url: &str) -> (String, String) {
    (method.to_string(), url.to_string())
}

/// What the person's screen shows: the app's state, after every action the service reports.
struct Screen {
    state: Rc<RefCell<Rc<AppState>>>,
    changes: mpsc::UnboundedReceiver<Rc<AppState>>,
}

impl Screen {
    fn now(&self) -> Rc<AppState> {
        self.state.borrow().clone()
    }

    /// Waits for the screen to show what `shows` looks for.
    async fn until(&mut self, shows: impl Fn(&AppState) -> bool) -> Rc<AppState> {
        loop {
            let state = self.changes.next().await.expect("the service is still running");
            if shows(&state) {
                return state;
            }
        }
    }
}

/// The service as the app builds it, over the database `name`, with the screen it reports to.
fn app(name: &str) -> (AppService, Screen) {
    let state = Rc::new(RefCell::new(Rc::new(AppState::default())));
    let (tell, changes) = mpsc::unbounded();
    let shown = state.clone();
    let notify = Callback::from(move |action| {
        let next = shown.borrow().clone().reduce(action);
        *shown.borrow_mut() = next.clone();
        let _ = tell.unbounded_send(next);
    });
    (AppService::new(name, notify), Screen { state, changes })
}

/// A linked phone with sharing on and one entry waiting to be sent, a network that answers as `answers`
/// say, and the app over them (requests time out after the usual limit).
async fn phone(test: &str, answers: impl IntoIterator<Item = Answer>) -> (Storage, FakeNetwork, AppService, Screen) {
    set_timeout_ms(DEFAULT_TIMEOUT_MS);
    let name = format!("steady-test-{test}-{}", js_sys::Math::random());
    let storage = Storage::open(&name).await.unwrap();
    let now = Timestamp::parse("2026-11-25T10:00:00Z").unwrap();
    let link = Link {
        device_token: "ab".repeat(32),
        participant_name: "Alex".into(),
        link_worker_name: "Lin".into(),
        linked_at: now,
    };
    storage.update_sharing(|s| s.link = Some(link)).await.unwrap();
    storage.start_sharing().await.unwrap();
    let log = QuickLog::new(None, Some(Rating::new(6).unwrap()), None).unwrap();
    storage
        .put_entry(&Entry::new(EntryId::parse(ENTRY_ID).unwrap(), now, false, EntryBody::QuickLog(log)))
        .await
        .unwrap();
    assert_eq!(storage.outbox().await.unwrap().records.len(), 1);
    let (service, screen) = app(&name);
    (storage, FakeNetwork::install(answers), service, screen)
}

/// A walk on now, to check in to.
fn walk() -> Session {
    let now = Timestamp::from_millis(js_sys::Date::now() as i64);
    Session {
        id: SessionId("walk-1".into()),
        group_id: "group-1".into(),
        group_name: "Riverside walk".into(),
        kind: GroupKind::Walking,
        starts_at: now,
        ends_at: now.plus_minutes(60),
        meeting_point: "The bandstand".into(),
        accessibility: None,
        description: None,
        cancelled: false,
    }
}

/// Runs `action` while, with its request still waiting, the person turns sharing off (asking for the
/// shared copies to be deleted if `delete_shared`); then the request is answered with `status` and `json`.
async fn turning_sharing_off_meanwhile<T>(
    service: &AppService,
    network: &mut FakeNetwork,
    delete_shared: bool,
    action: impl Future<Output = T>,
    (status, json): (u16, &str),
) -> T {
    let person = async {
        let held = network.held().await;
        service.stop_sharing(delete_shared).await.unwrap();
        held.answer(status, json);
    };
    futures::join!(action, person).0
}

#[wasm_bindgen_test]
async fn stopping_sharing_while_a_push_is_on_its_way_keeps_sharing_off_and_sends_the_withdrawal() {
    let (storage, mut network, service, screen) =
        phone("stop-mid-push", [Answer::Hold, Answer::Json(200, r#"{"deleted":1}"#)]).await;

    turning_sharing_off_meanwhile(&service, &mut network, true, service.sync_now(), (200, ACKNOWLEDGED)).await;

    assert_eq!(
        network.requests(),
        [request("POST", "/api/v1/sync"), request("DELETE", "/api/v1/sync/shared")],
        "the push finished, then the withdrawal was sent"
    );
    let stored = storage.sharing().await.unwrap();
    assert!(!stored.on, "sharing stays off");
    assert!(!stored.pending_withdrawal, "the server confirmed the withdrawal");
    assert!(stored.link.is_some(), "the phone is still linked");
    let shown = screen.now();
    assert!(!shown.sharing.on, "the screen says sharing is off");
    assert_eq!(shown.sharing_notice.as_deref(), Some(DELETED_NOTICE));
}

#[wasm_bindgen_test]
async fn a_withdrawal_asked_for_during_a_push_that_cannot_be_sent_waits_and_goes_when_it_can() {
    let (storage, mut network, service, mut screen) =
        phone("stop-then-offline", [Answer::Hold, Answer::Json(503, "{}"), Answer::Json(200, r#"{"deleted":1}"#)])
            .await;

    turning_sharing_off_meanwhile(&service, &mut network, true, service.sync_now(), (200, ACKNOWLEDGED)).await;

    assert_eq!(network.requests(), [request("POST", "/api/v1/sync"), request("DELETE", "/api/v1/sync/shared")]);
    let stored = storage.sharing().await.unwrap();
    assert!(!stored.on, "sharing stays off");
    assert!(stored.pending_withdrawal, "the withdrawal waits to be sent again");
    assert_eq!(screen.now().sync_status, SyncStatus::Waiting);

    // The retry comes by itself, after the first back-off delay.
    screen.until(|s| s.sharing_notice.as_deref() == Some(DELETED_NOTICE)).await;
    assert_eq!(network.requests().last(), Some(&request("DELETE", "/api/v1/sync/shared")));
    assert_eq!(network.requests().len(), 3);
    let stored = storage.sharing().await.unwrap();
    assert!(!stored.on && !stored.pending_withdrawal, "sharing is still off and the withdrawal is done");
}

#[wasm_bindgen_test]
async fn a_request_that_never_answers_is_abandoned_after_the_time_limit_and_sent_again() {
    let (storage, network, service, mut screen) =
        phone("never-answers", [Answer::Never, Answer::Json(200, ACKNOWLEDGED)]).await;
    set_timeout_ms(200);

    service.sync_now().await;
    assert_eq!(network.aborted(), [true], "the silent request was abandoned");
    let shown = screen.now();
    assert_eq!(shown.sync_status, SyncStatus::Waiting, "counted as no signal: Steady will try again");
    assert_eq!(shown.outbox_len, 1, "the entry is still waiting");

    // The retry comes by itself, after the first back-off delay.
    let shown = screen.until(|s| s.sync_status == SyncStatus::Idle && s.outbox_len == 0).await;
    assert_eq!(network.requests(), [request("POST", "/api/v1/sync"), request("POST", "/api/v1/sync")]);
    assert_eq!(network.aborted(), [true, false]);
    assert!(shown.sharing.last_synced_at.is_some(), "the screen says when it last synced");
    assert!(storage.outbox().await.unwrap().records.is_empty());
}

#[wasm_bindgen_test]
async fn joining_a_group_while_sharing_is_turned_off_leaves_it_off() {
    let (storage, mut network, service, screen) = phone("join-then-stop", [Answer::Hold]).await;

    let joined =
        turning_sharing_off_meanwhile(&service, &mut network, false, service.join_group("group-1", true), (204, ""))
            .await;

    joined.unwrap();
    assert_eq!(network.requests(), [request("POST", "/api/v1/groups/group-1/join")]);
    let stored = storage.sharing().await.unwrap();
    assert!(!stored.on, "sharing stays off");
    assert_eq!(stored.joined_groups, ["group-1"]);
    assert!(!screen.now().sharing.on && screen.now().sharing.joined_groups == ["group-1"]);
}

#[wasm_bindgen_test]
async fn a_check_in_whose_session_code_meets_no_signal_while_sharing_is_turned_off_keeps_the_code_and_sharing_stays_off(
) {
    let (storage, mut network, service, _screen) = phone("code-then-stop", [Answer::Hold]).await;

    let code = SessionCode::parse("123456").unwrap();
    let walk = walk();
    let check_in = service.check_in(&walk, Some(Rating::new(7).unwrap()), Some(code));
    let said = turning_sharing_off_meanwhile(&service, &mut network, false, check_in, (503, "{}")).await;

    let waiting = "Your group leader's register will show you when you have signal.";
    assert_eq!(said.unwrap(), Some(Ok(waiting.to_string())));
    assert_eq!(network.requests(), [request("POST", "/api/v1/check-in-code")], "the code went first");
    let stored = storage.sharing().await.unwrap();
    assert!(!stored.on, "sharing stays off");
    assert_eq!(stored.pending_codes, ["123456"], "the code waits to be sent");

    let saved = storage.entries().await.unwrap().records;
    assert!(
        saved.iter().any(|e| e.as_check_in().is_some_and(|c| c.stress_before == Some(Rating::new(7).unwrap()))),
        "the check-in and its stress rating are on the phone"
    );
}

#[wasm_bindgen_test]
async fn with_the_lock_on_nothing_is_sent_while_locked_and_the_outbox_is_delivered_after_unlock() {
    let (storage, network, service, mut screen) = phone("locked-outbox", [Answer::Json(200, ACKNOWLEDGED)]).await;
    storage.turn_lock_on(&Secret::parse("4821").unwrap(), MIN_ITERATIONS).await.unwrap();
    // The app opens its own connection, as after a reload: locked.
    service.load().await;
    assert_eq!(screen.now().phase, Phase::Locked);
    service.sync_now().await;
    assert!(network.requests().is_empty(), "nothing is sent while locked");

    service.unlock("4821").await.unwrap();
    let shown = screen.until(|s| s.outbox_len == 0 && s.sharing.last_synced_at.is_some()).await;
    assert_eq!(shown.phase, Phase::Ready);
    assert_eq!(network.requests(), [request("POST", "/api/v1/sync")], "the waiting entry was sent once");
    assert!(storage.outbox().await.unwrap().records.is_empty(), "the server's answer emptied the outbox");
}

#[wasm_bindgen_test]
async fn a_waiting_session_code_goes_only_while_sharing_is_on() {
    const CONFIRMED: &str = r#"{"id":"walk-1","group_id":"group-1","group_name":"Riverside walk","kind":"walking",
        "starts_at":"2026-11-25T10:00:00Z","ends_at":"2026-11-25T11:00:00Z","meeting_point":"The bandstand"}"#;
    let (storage, network, service, screen) =
        phone("code-waits-for-sharing", [Answer::Json(200, CONFIRMED), Answer::Json(200, ACKNOWLEDGED)]).await;
    storage
        .update_sharing(|s| {
            s.on = false;
            s.pending_codes.push("123456".into());
        })
        .await
        .unwrap();

    service.sync_now().await;
    assert!(network.requests().is_empty(), "with sharing off, nothing is sent, the code included");
    assert_eq!(storage.sharing().await.unwrap().pending_codes, ["123456"], "the code still waits");

    storage.update_sharing(|s| s.on = true).await.unwrap();
    service.sync_now().await;
    assert_eq!(network.requests()[0], request("POST", "/api/v1/check-in-code"), "with sharing on again, it goes");
    assert!(storage.sharing().await.unwrap().pending_codes.is_empty());
    assert_eq!(screen.now().sharing_notice.as_deref(), Some("Your check-in to Riverside walk is confirmed."));
}

#[wasm_bindgen_test]
async fn deleting_everything_with_the_shared_copies_sends_the_withdrawal_and_keeps_only_the_link() {
    let (storage, network, service, mut screen) =
        phone("delete-everything-shared", [Answer::Json(200, r#"{"deleted":1}"#)]).await;

    service.delete_everything(true).await.unwrap();

    let shown = screen.until(|s| s.sharing_notice.as_deref() == Some(DELETED_NOTICE)).await;
    assert_eq!(network.requests(), [request("DELETE", "/api/v1/sync/shared")], "the entry waiting was never sent");
    assert!(storage.entries().await.unwrap().records.is_empty(), "nothing is left on the phone");
    let stored = storage.sharing().await.unwrap();
    assert!(stored.link.is_some() && !stored.on && !stored.pending_withdrawal, "linked, sharing off, withdrawal done");
    assert!(shown.journal.is_empty() && !shown.sharing.on);
}

#[wasm_bindgen_test]
async fn a_group_joined_before_linking_is_kept_on_the_phone_and_its_leader_told_once_linked_even_after_no_signal() {
    set_timeout_ms(DEFAULT_TIMEOUT_MS);
    let name = format!("steady-test-join-then-link-{}", js_sys::Math::random());
    let (service, screen) = app(&name);
    const PAIRED: &str = r#"{"device_token":"cd","participant_name":"Alex","link_worker_name":"Lin"}"#;
    let network = FakeNetwork::install([Answer::Json(200, PAIRED), Answer::Json(503, "{}"), Answer::Json(204, "")]);

    let said = service.join_group("group-1", true).await;
    assert_eq!(said, Ok("You have joined this group. Its sessions show under \"Your next group\"."));
    assert!(network.requests().is_empty(), "an unlinked phone keeps it to itself");
    assert_eq!(screen.now().sharing.joined_groups, ["group-1"]);

    service.link("ABCD2345").await.unwrap();
    let storage = Storage::open(&name).await.unwrap();
    assert_eq!(storage.sharing().await.unwrap().pending_joins, ["group-1"], "the leader is yet to be told");
    service.sync_now().await;
    assert_eq!(storage.sharing().await.unwrap().pending_joins, ["group-1"], "no signal: it waits");
    service.sync_now().await;
    let join = request("POST", "/api/v1/groups/group-1/join");
    assert_eq!(network.requests(), [request("POST", "/api/v1/pair"), join.clone(), join]);
    let stored = storage.sharing().await.unwrap();
    assert!(stored.link.is_some() && !stored.on, "linked, sharing still off");
    assert_eq!(stored.joined_groups, ["group-1"], "still joined");
    assert!(stored.pending_joins.is_empty(), "and the leader was told");
}

#[wasm_bindgen_test]
async fn joining_a_group_with_no_signal_changes_nothing_and_says_to_try_again() {
    let (storage, network, service, _screen) = phone("join-no-signal", [Answer::Json(503, "{}")]).await;

    let said = service.join_group("group-1", true).await;

    assert_eq!(said, Err("No signal, so nothing changed. Try again when you have signal.".to_string()));
    assert_eq!(network.requests(), [request("POST", "/api/v1/groups/group-1/join")]);
    assert!(storage.sharing().await.unwrap().joined_groups.is_empty(), "not joined on the phone either");
}
