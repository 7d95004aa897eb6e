//! The binary Trunk builds for `staff.html`: starts Steady for staff.

fn main() {
    steady::staff::run();
}
