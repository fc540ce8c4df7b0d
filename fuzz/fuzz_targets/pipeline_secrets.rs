//! The whole pipeline: arbitrary bytes under any file name, with a secret
//! planted on a line of its own, through planning, every reader, every rule
//! and every renderer; the secret must reach no output.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    maillint::testing::assert_no_planted_secret_leaks(data);
});
