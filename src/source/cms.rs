//! CMS (PKCS #7) signed data, as Apple signs configuration profiles: find the
//! signed content (the XML plist) inside the DER/BER wrapper.
//!
//! The text of such a file is its content with every wrapper byte turned into
//! a space: byte offsets in the text are then byte offsets in the file, so a
//! span points at the same bytes on disk, and the XML reader sees only XML.
//! Only what is needed is parsed; anything unexpected returns `None` and the
//! file is decoded as any other.

use std::ops::Range;

/// OID 1.2.840.113549.1.7.2 (signedData), DER-encoded value bytes.
const SIGNED_DATA: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02];

/// One TLV: tag byte, where its content starts, where it ends (`None` for an
/// indefinite length, whose content ends at an end-of-contents marker).
#[derive(Clone, Copy, Debug)]
struct Tlv {
    tag: u8,
    content: usize,
    end: Option<usize>,
}

fn header(bytes: &[u8], at: usize) -> Option<Tlv> {
    let tag = *bytes.get(at)?;
    if tag & 0x1F == 0x1F {
        return None; // multi-byte tags do not occur here
    }
    let first = *bytes.get(at + 1)?;
    if first < 0x80 {
        let content = at + 2;
        let end = content.checked_add(first as usize)?;
        return (end <= bytes.len()).then_some(Tlv {
            tag,
            content,
            end: Some(end),
        });
    }
    if first == 0x80 {
        return (tag & 0x20 != 0).then_some(Tlv {
            tag,
            content: at + 2,
            end: None,
        });
    }
    let n = (first & 0x7F) as usize;
    if n > 4 {
        return None;
    }
    let mut len = 0usize;
    for i in 0..n {
        len = (len << 8) | *bytes.get(at + 2 + i)? as usize;
    }
    let content = at + 2 + n;
    let end = content.checked_add(len)?;
    (end <= bytes.len()).then_some(Tlv {
        tag,
        content,
        end: Some(end),
    })
}

/// The first child of a constructed TLV.
fn first_child(bytes: &[u8], parent: Tlv) -> Option<Tlv> {
    header(bytes, parent.content)
}

/// The TLV after `t`, inside the same parent (definite lengths only, which
/// is all the fields skipped over here ever use in practice).
fn next(bytes: &[u8], t: Tlv) -> Option<Tlv> {
    let end = match t.end {
        Some(e) => e,
        None => skip_indefinite(bytes, t, 0)?,
    };
    header(bytes, end)
}

/// The end of an indefinite-length TLV (after its `00 00`).
fn skip_indefinite(bytes: &[u8], t: Tlv, depth: usize) -> Option<usize> {
    if depth > 16 {
        return None;
    }
    let mut at = t.content;
    // Bounded by the input: each step moves forward.
    loop {
        if bytes.get(at..at + 2)? == [0, 0] {
            return Some(at + 2);
        }
        let child = header(bytes, at)?;
        at = match child.end {
            Some(e) => e,
            None => skip_indefinite(bytes, child, depth + 1)?,
        };
    }
}

/// The byte range of the signed content of a CMS SignedData file.
pub fn signed_content(bytes: &[u8]) -> Option<Range<usize>> {
    let content_info = header(bytes, 0)?;
    if content_info.tag != 0x30 {
        return None;
    }
    let oid = first_child(bytes, content_info)?;
    if oid.tag != 0x06 || bytes.get(oid.content..oid.end?)? != SIGNED_DATA {
        return None;
    }
    let explicit = next(bytes, oid)?;
    if explicit.tag != 0xA0 {
        return None;
    }
    let signed_data = first_child(bytes, explicit)?;
    if signed_data.tag != 0x30 {
        return None;
    }
    let version = first_child(bytes, signed_data)?;
    let digests = next(bytes, version)?;
    let encap = next(bytes, digests)?;
    if encap.tag != 0x30 {
        return None;
    }
    let content_type = first_child(bytes, encap)?;
    let wrapped = next(bytes, content_type)?;
    if wrapped.tag != 0xA0 {
        return None;
    }
    let octets = first_child(bytes, wrapped)?;
    match octets.tag {
        0x04 => Some(octets.content..octets.end?),
        // BER: a constructed OCTET STRING; one chunk keeps the text whole.
        0x24 => {
            let chunk = first_child(bytes, octets)?;
            let end = chunk.end?;
            let after = bytes.get(end..end + 2);
            let single = match octets.end {
                Some(e) => e == end,
                None => after == Some(&[0, 0][..]),
            };
            (chunk.tag == 0x04 && single).then_some(chunk.content..end)
        }
        _ => None,
    }
}

/// The text of a signed file: its UTF-8 content at the same offsets, every
/// wrapper byte a space. `None` when `bytes` is not signed data or the
/// content is not UTF-8.
pub fn blank_wrapper(bytes: &[u8]) -> Option<String> {
    let range = signed_content(bytes)?;
    let content = std::str::from_utf8(bytes.get(range.clone())?).ok()?;
    let mut text = String::with_capacity(bytes.len());
    text.extend(std::iter::repeat_n(' ', range.start));
    text.push_str(content);
    text.extend(std::iter::repeat_n(' ', bytes.len() - range.end));
    Some(text)
}

/// Build a minimal SignedData wrapper around `content` (definite lengths,
/// no certificates, one empty signer set). For tests and fixtures.
#[cfg(any(test, feature = "test-support"))]
#[doc(hidden)]
pub fn wrap_for_tests(content: &[u8]) -> Vec<u8> {
    fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        let n = body.len();
        if n < 0x80 {
            out.push(n as u8);
        } else {
            let len = (n as u32).to_be_bytes();
            let skip = len.iter().take_while(|b| **b == 0).count();
            out.push(0x80 | (4 - skip) as u8);
            out.extend(&len[skip..]);
        }
        out.extend(body);
        out
    }
    let data_oid = tlv(
        0x06,
        &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01],
    );
    let encap = tlv(0x30, &[data_oid, tlv(0xA0, &tlv(0x04, content))].concat());
    let sha256 = tlv(
        0x30,
        &tlv(
            0x06,
            &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01],
        ),
    );
    let signed = tlv(
        0x30,
        &[tlv(0x02, &[1]), tlv(0x31, &sha256), encap, tlv(0x31, &[])].concat(),
    );
    tlv(0x30, &[tlv(0x06, SIGNED_DATA), tlv(0xA0, &signed)].concat())
}

#[cfg(test)]
mod tests;
