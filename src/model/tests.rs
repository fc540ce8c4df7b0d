use super::*;
use std::mem::size_of;

/// The model's sizes, which a big file's peak memory is made of (5,000
/// accounts: issue 15). A change that grows one should be a choice.
#[test]
fn model_sizes() {
    let sizes = [
        ("Str", size_of::<Str>()),
        ("Located<Str>", size_of::<Located<Str>>()),
        ("Option<Located<Str>>", size_of::<Option<Located<Str>>>()),
        ("Located<bool>", size_of::<Located<bool>>()),
        ("Located<i64>", size_of::<Located<i64>>()),
        ("Located<Protocol>", size_of::<Located<Protocol>>()),
        ("Located<Security>", size_of::<Located<Security>>()),
        ("Server", size_of::<Server>()),
        ("Identity", size_of::<Identity>()),
        ("ClientOptions", size_of::<ClientOptions>()),
        ("Capabilities", size_of::<Capabilities>()),
        ("Account", size_of::<Account>()),
    ];
    for (name, size) in sizes {
        eprintln!("{name}: {size}");
    }
}
