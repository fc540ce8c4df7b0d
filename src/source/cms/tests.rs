use super::*;

#[test]
fn finds_the_content_at_its_offset() {
    let xml = "<?xml version=\"1.0\"?>\n<plist><dict/></plist>\n".repeat(10);
    let der = wrap_for_tests(xml.as_bytes());
    let r = signed_content(&der).expect("content");
    assert_eq!(&der[r.clone()], xml.as_bytes());
    let text = blank_wrapper(&der).expect("text");
    assert_eq!(text.len(), der.len());
    assert_eq!(&text[r], xml);
}

#[test]
fn truncated_or_foreign_bytes_are_not_signed_data() {
    let der = wrap_for_tests(b"<plist/>");
    for n in 0..der.len() {
        assert!(signed_content(&der[..n]).is_none() || n == der.len());
    }
    assert!(signed_content(b"<?xml").is_none());
    assert!(signed_content(&[0x30, 0x80, 0x30, 0x80]).is_none());
}
