//! The binary Trunk builds: starts the PWA.

fn main() {
    steady::run();
}
