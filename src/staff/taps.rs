//! What the server's answer to a batch of register taps means for each tap: accepted taps leave the
//! queue, refused ones move to the "Could not be saved" list and are never sent again by themselves.
//! Pure rules, so the service that sends the taps only carries them out.

use crate::storage::staff::{QueuedTap, RefusedTap};
use crate::sync::http::HttpError;
use steady_domain::attendance::MarkOutcome;

/// What became of the taps sent in one batch.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settled {
    pub accepted: Vec<QueuedTap>,
    pub refused: Vec<RefusedTap>,
}

/// Pairs the server's outcomes with the taps sent, in the order sent. A tap the answer says nothing
/// about (a shorter answer than asked for) is in neither list: it stays queued and is sent again.
pub fn settle(sent: &[QueuedTap], outcomes: &[MarkOutcome]) -> Settled {
    let mut settled = Settled::default();
    for (tap, outcome) in sent.iter().zip(outcomes) {
        match outcome {
            MarkOutcome::Accepted => settled.accepted.push(tap.clone()),
            MarkOutcome::Refused { reason, message } => {
                settled.refused.push(RefusedTap::new(tap.clone(), Some(*reason), message.clone()))
            }
        }
    }
    settled
}

/// Whether the server refused the whole batch in a way that sending the same taps again can never
/// change: a 4xx other than signed out (401), not allowed (403), no such session (404), timed out
/// (408) or too many requests (429). No signal and server problems are worth retrying, and so is an
/// answer that could not be read (the taps may have been stored; sending them again is harmless).
pub fn refuses_batch(e: &HttpError) -> bool {
    matches!(e, HttpError::Status { status, .. }
        if (400..500).contains(status) && ![401, 403, 404, 408, 429].contains(status))
}

/// Every tap of a batch the server refused whole, with the server's message.
pub fn refuse_all(sent: &[QueuedTap], e: &HttpError) -> Vec<RefusedTap> {
    sent.iter().map(|tap| RefusedTap::new(tap.clone(), None, e.message())).collect()
}
