//! Tests of the paths both apps' pages live at: every page's link opens that page again, addresses
//! people type or keep in bookmarks open the right page, and anything else is "Page not found".
#![cfg(target_arch = "wasm32")]

use steady::app::Route;
use steady::router::Routable;
use steady::staff::Route as StaffRoute;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn every_participant_page_opens_from_its_own_link() {
    let pages = [
        Route::Home,
        Route::Groups,
        Route::Session { id: "walk-1".into() },
        Route::History,
        Route::EditEntry { id: "0b8c7f0e-5f3a-4d51-9d1e-2f0f8f3c2a11".into() },
        Route::Wellbeing,
        Route::Support,
        Route::MyData,
        Route::Sharing,
        Route::Link,
    ];
    for page in pages {
        assert_eq!(Route::from_path(&page.to_path()), page, "{}", page.to_path());
    }
}

#[wasm_bindgen_test]
fn every_staff_page_opens_from_its_own_link() {
    let pages = [
        StaffRoute::StaffSignIn,
        StaffRoute::StaffSetPassword,
        StaffRoute::Caseload,
        StaffRoute::AccessLog,
        StaffRoute::Reports,
        StaffRoute::StaffParticipant { id: "p1".into() },
        StaffRoute::Referrals,
        StaffRoute::NewReferral,
        StaffRoute::Referral { id: "r1".into() },
        StaffRoute::Leader,
        StaffRoute::Register { id: "s1".into() },
    ];
    for page in pages {
        assert_eq!(StaffRoute::from_path(&page.to_path()), page, "{}", page.to_path());
    }
}

#[wasm_bindgen_test]
fn typed_addresses_open_their_pages() {
    assert_eq!(Route::from_path("/"), Route::Home);
    assert_eq!(Route::from_path("/history/"), Route::History, "a trailing slash is the same page");
    assert_eq!(Route::from_path("/groups/abc"), Route::Session { id: "abc".into() });
    assert_eq!(StaffRoute::from_path("/staff/"), StaffRoute::StaffSignIn);
    assert_eq!(StaffRoute::from_path("/staff/referrals/new"), StaffRoute::NewReferral, "not a referral called 'new'");
}

#[wasm_bindgen_test]
fn an_id_with_any_character_comes_back_unchanged() {
    let page = Route::Session { id: "a b/c?d#e%".into() };
    assert_eq!(page.to_path(), "/groups/a%20b%2Fc%3Fd%23e%25");
    assert_eq!(Route::from_path(&page.to_path()), page);
}

#[wasm_bindgen_test]
fn anything_else_is_page_not_found() {
    for path in ["/nope", "/groups/a/b", "/history/%E0%A4%A", "/staff/caseload"] {
        assert_eq!(Route::from_path(path), Route::NotFound, "{path}");
    }
    for path in ["/", "/staff/nope", "/staff/participants", "/staff/sessions/s1"] {
        assert_eq!(StaffRoute::from_path(path), StaffRoute::NotFound, "{path}");
    }
}
