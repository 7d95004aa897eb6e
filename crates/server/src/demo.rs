//! The demo schedule: on first start with an empty database, two groups of every kind meeting weekly
//! over the next four weeks, so a new installation shows what Steady looks like in use.
//! `--no-demo` skips it. One drop-in walk starts at the top of the current hour, so "I'm here" can be
//! tried straight away.

use crate::db::Pool;
use crate::store::groups::NewGroup;
use crate::store::sessions::NewSession;
use crate::store::{self, StoreError};
use steady_domain::{Day, GroupKind, Timestamp};

struct DemoGroup {
    name: &'static str,
    kind: GroupKind,
    description: &'static str,
    meeting_point: &'static str,
    accessibility: &'static str,
    /// 0 = Sunday … 6 = Saturday, and UK wall-clock start.
    weekday: u32,
    hour: u8,
    minute: u8,
    minutes: i64,
}

const GROUPS: [DemoGroup; 12] = [
    DemoGroup {
        name: "Riverside walk",
        kind: GroupKind::Walking,
        description: "A steady 3-mile walk along the river at an easy pace, with a tea stop.",
        meeting_point: "Bandstand, Victoria Park",
        accessibility: "Flat, paved paths. Benches along the route. Accessible toilet at the cafe.",
        weekday: 2,
        hour: 10,
        minute: 0,
        minutes: 90,
    },
    DemoGroup {
        name: "Hill and woods walk",
        kind: GroupKind::Walking,
        description: "A longer walk through Beacon Woods. Bring boots if it has rained.",
        meeting_point: "Beacon Woods car park, by the noticeboard",
        accessibility: "Uneven paths and one steep climb. Not suitable for wheelchairs.",
        weekday: 6,
        hour: 9,
        minute: 30,
        minutes: 120,
    },
    DemoGroup {
        name: "Hillside community garden",
        kind: GroupKind::Gardening,
        description: "Growing vegetables for the community pantry. Tools and gloves provided.",
        meeting_point: "Hillside Allotments, gate B on Mill Lane",
        accessibility: "Raised beds and a step-free path to the shed.",
        weekday: 3,
        hour: 13,
        minute: 0,
        minutes: 120,
    },
    DemoGroup {
        name: "Grow together at Elm Court",
        kind: GroupKind::Gardening,
        description: "Gardening alongside older residents at Elm Court care home.",
        meeting_point: "Elm Court reception, 14 Station Road",
        accessibility: "Step-free throughout. Seated tasks available.",
        weekday: 5,
        hour: 10,
        minute: 30,
        minutes: 90,
    },
    DemoGroup {
        name: "SMART Recovery peer group",
        kind: GroupKind::PeerRecovery,
        description: "A peer-led meeting for anyone working on their use of alcohol or drugs.",
        meeting_point: "The Hub, 2 Chapel Street, room 3",
        accessibility: "Ground floor room. Hearing loop available.",
        weekday: 1,
        hour: 18,
        minute: 0,
        minutes: 90,
    },
    DemoGroup {
        name: "Recovery cafe",
        kind: GroupKind::PeerRecovery,
        description: "Drop in for a brew and a chat with people in recovery.",
        meeting_point: "St Mark's church hall, Queen Street",
        accessibility: "Ramp at the side door. Accessible toilet.",
        weekday: 4,
        hour: 11,
        minute: 0,
        minutes: 120,
    },
    DemoGroup {
        name: "Move together circuits",
        kind: GroupKind::PhysicalActivity,
        description: "Gentle circuits at your own pace. Focus on breathing, not performance.",
        meeting_point: "Northgate Leisure Centre, studio 2",
        accessibility: "Lift to studio 2. Exercises can be done seated.",
        weekday: 2,
        hour: 17,
        minute: 30,
        minutes: 60,
    },
    DemoGroup {
        name: "Park football",
        kind: GroupKind::PhysicalActivity,
        description: "Friendly 5-a-side. All abilities welcome. Bibs provided.",
        meeting_point: "Victoria Park pitches, by the pavilion",
        accessibility: "Grass pitches. Pavilion has step-free access.",
        weekday: 4,
        hour: 15,
        minute: 0,
        minutes: 60,
    },
    DemoGroup {
        name: "Canal clean-up crew",
        kind: GroupKind::CleanUp,
        description: "Litter picking along the canal towpath. Pickers, bags and gloves provided.",
        meeting_point: "Lock 7, by the canal bridge on Wharf Road",
        accessibility: "Flat towpath, narrow in places.",
        weekday: 6,
        hour: 13,
        minute: 0,
        minutes: 120,
    },
    DemoGroup {
        name: "Estate tidy-up",
        kind: GroupKind::CleanUp,
        description: "Planting and tidying the green spaces on the Greenfield estate.",
        meeting_point: "Greenfield Community Centre",
        accessibility: "Step-free. Tasks for all abilities.",
        weekday: 3,
        hour: 10,
        minute: 0,
        minutes: 90,
    },
    DemoGroup {
        name: "Creative calm art group",
        kind: GroupKind::Other,
        description: "Drawing and painting to unwind. No experience needed.",
        meeting_point: "Central Library, community room",
        accessibility: "Lift to the first floor. Large-print guides.",
        weekday: 5,
        hour: 14,
        minute: 0,
        minutes: 90,
    },
    DemoGroup {
        name: "Drop-in walk and talk",
        kind: GroupKind::Walking,
        description: "A short walk with a link worker. Come as you are.",
        meeting_point: "Outside The Hub, 2 Chapel Street",
        accessibility: "Short, flat route. Go at your own pace.",
        weekday: 1,
        hour: 12,
        minute: 0,
        minutes: 60,
    },
];

/// Whether the database has no groups yet.
pub async fn is_empty(pool: &Pool) -> Result<bool, StoreError> {
    store::groups::none_yet(pool).await
}

/// Writes the demo groups and four weeks of sessions from `now`, in one transaction.
pub async fn seed(pool: &Pool, now: Timestamp) -> Result<(), StoreError> {
    let mut tx = crate::db::write_tx(pool).await?;
    let today = now.uk_day();
    for (index, group) in GROUPS.iter().enumerate() {
        let group_id = uuid::Uuid::new_v4().to_string();
        let new = NewGroup {
            name: group.name,
            kind: group.kind,
            description: group.description,
            meeting_point: group.meeting_point,
            accessibility: group.accessibility,
        };
        store::groups::insert(&mut *tx, &group_id, &new, now).await?;
        for start in session_starts(group, today, now, index == GROUPS.len() - 1) {
            // Every group's third session is cancelled, so the schedule shows what that looks like.
            let session = NewSession {
                group_id: &group_id,
                starts_at: start.at,
                ends_at: start.at.plus_minutes(group.minutes),
                meeting_point: None,
                cancelled: start.week == 2 && index % 4 == 0,
            };
            store::sessions::insert(&mut *tx, &uuid::Uuid::new_v4().to_string(), &session).await?;
        }
    }
    tx.commit().await?;
    tracing::info!(groups = GROUPS.len(), "created the demo schedule");
    Ok(())
}

struct Start {
    week: i32,
    at: Timestamp,
}

fn session_starts(group: &DemoGroup, today: Day, now: Timestamp, starts_now: bool) -> Vec<Start> {
    let first_day = today.plus(((group.weekday + 7 - today.weekday()) % 7) as i32);
    let mut starts: Vec<Start> = (0..4)
        .map(|week| Start { week, at: Timestamp::from_uk(first_day.plus(7 * week), group.hour, group.minute) })
        .collect();
    if starts_now {
        let hour_start = Timestamp::from_millis(now.millis() - now.millis().rem_euclid(3_600_000));
        starts.push(Start { week: -1, at: hour_start });
    }
    starts
}
