use super::*;

#[test]
fn shows_the_changed_line_with_context() {
    let d = unified("a.js", "x\ny\nz\n", "x\nY\nz\n");
    assert_eq!(d, "--- a.js\n+++ a.js\n@@ -1,3 +1,3 @@\n x\n-y\n+Y\n z\n");
    assert!(unified("a", "same", "same").is_empty());
}
