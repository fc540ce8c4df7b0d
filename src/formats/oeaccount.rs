//! Windows Mail / Windows Live Mail account files (`*.oeaccount`): XML with
//! a `<MessageAccount>` root whose children are the registry values of
//! Outlook Express with `_` for spaces, typed `SZ`, `DWORD` (hexadecimal
//! without `0x`) or `BINARY` (formats.md §3). The declared encoding often
//! lies (Microsoft's own examples say utf-16 and are UTF-8); the source layer
//! has decoded by BOM and bytes, so the declaration is ignored here.

use crate::catalogue::ParseKind;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::discover::{Home, Searched};
use crate::formats::outlook_express::values::{self, Assembled, Prop, PropBag, PropValue};
use crate::formats::registry::{Fuzz, Grouping, Reader as ReaderDescriptor, Sniff};
use crate::model::{Client, Document, Format, ParseProblem};
use crate::secrets::is_secret_name;
use crate::source::{SourceFile, SourceId, Span};

/// Windows Mail / Windows Live Mail `.oeaccount`.
pub static READER: ReaderDescriptor = ReaderDescriptor {
    format: Format("oeaccount"),
    clients: &[Client::WindowsMail, Client::WindowsLiveMail],
    sniff: Sniff::Text(looks_like_oeaccount),
    names: &[],
    extensions: &[".oeaccount"],
    walk: &[".oeaccount"],
    unit: Grouping::File,
    binary: None,
    discover: Some(places),
    read,
    fuzz: Fuzz {
        target: "oeaccount",
        sample_name: "account.oeaccount",
    },
    module: module_path!(),
};

/// Whether `text` looks like an `.oeaccount` file.
pub fn looks_like_oeaccount(text: &str) -> bool {
    text.contains("<MessageAccount")
}

/// The values of one file and what could not be read.
#[derive(Debug, Default)]
pub struct OeAccountFile {
    pub values: PropBag<'static>,
    /// The `<MessageAccount>` start tag.
    pub root: Option<Span>,
    pub problems: Vec<ParseProblem>,
}

struct Pending {
    name: String,
    name_span: Span,
    ty: Option<String>,
    text: String,
    span: Option<Span>,
    verbatim: bool,
}

fn problem(kind: ParseKind, span: Span, detail: Option<String>) -> ParseProblem {
    ParseProblem {
        kind,
        span,
        detail,
        related: Vec::new(),
    }
}

fn type_attr(e: &BytesStart) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref().eq_ignore_ascii_case(b"type"))
        .and_then(|a| a.unescape_value().ok().map(|v| v.trim().to_string()))
}

/// Parse one `.oeaccount` text.
pub fn parse(text: &str, source: SourceId) -> OeAccountFile {
    let mut out = OeAccountFile {
        values: PropBag::of(values::PropSyntax::OeAccountXml),
        ..OeAccountFile::default()
    };
    let mut reader = Reader::from_str(text);
    let span = |s: u64, e: u64| Span::new(source, s as usize, e as usize);
    let mut depth = 0usize;
    let mut pending: Option<Pending> = None;
    loop {
        let before = reader.buffer_position();
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let at = reader.error_position();
                out.problems.push(problem(
                    ParseKind::XmlSyntax,
                    span(at, at.max(reader.buffer_position())),
                    Some(e.to_string()),
                ));
                break;
            }
        };
        let after = reader.buffer_position();
        let is_empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) if depth <= 1 => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if depth == 0 {
                    if name != "MessageAccount" {
                        out.problems.push(problem(
                            ParseKind::OeaccountRoot,
                            span(before, after),
                            Some(name),
                        ));
                        break;
                    }
                    out.root = Some(span(before, after));
                    if !is_empty {
                        depth = 1;
                    }
                    continue;
                }
                let p = Pending {
                    name: name.replace('_', " "),
                    name_span: span(before, after),
                    ty: type_attr(&e),
                    text: String::new(),
                    span: None,
                    verbatim: true,
                };
                if is_empty {
                    finish(p, &mut out);
                } else {
                    pending = Some(p);
                    depth = 2;
                }
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                if depth == 2 {
                    if let Some(p) = pending.take() {
                        finish(p, &mut out);
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Event::Text(t) if depth == 2 => {
                if let Some(p) = pending.as_mut() {
                    let raw = text.get(before as usize..after as usize).unwrap_or("");
                    let value = t.unescape().map(|c| c.into_owned()).unwrap_or_else(|_| {
                        p.verbatim = false;
                        raw.to_string()
                    });
                    if value != raw {
                        p.verbatim = false;
                    }
                    let lead = raw.len() - raw.trim_start().len();
                    let s = before + lead as u64;
                    let here = span(s, s + raw.trim().len() as u64);
                    p.span = Some(match p.span {
                        Some(prev) => {
                            p.verbatim = false;
                            prev.to(here)
                        }
                        None => here,
                    });
                    p.text.push_str(&value);
                }
            }
            Event::CData(c) if depth == 2 => {
                if let Some(p) = pending.as_mut() {
                    p.verbatim = false;
                    p.text.push_str(&String::from_utf8_lossy(&c));
                    let here = span(before, after);
                    p.span = Some(p.span.map_or(here, |s| s.to(here)));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if out.root.is_none() && out.problems.is_empty() {
        out.problems.push(problem(
            ParseKind::OeaccountRoot,
            Span::new(source, 0, crate::source::floor_char_boundary(text, 40)),
            None,
        ));
    }
    out
}

/// Type one element's text as its `type` attribute says.
fn finish(p: Pending, out: &mut OeAccountFile) {
    let span = p.span.unwrap_or(Span {
        start: p.name_span.end,
        ..p.name_span
    });
    let raw = p.text.trim().to_string();
    let ty = p.ty.as_deref().unwrap_or("SZ").to_ascii_uppercase();
    let value = if is_secret_name(&p.name) {
        // "0" is the only value a provisioning file may give a password.
        PropValue::Secret {
            non_empty: !raw.is_empty() && raw != "0",
        }
    } else {
        match ty.as_str() {
            "DWORD" => match i64::from_str_radix(&raw, 16) {
                Ok(n) if (0..=0xFFFF_FFFF).contains(&n) => PropValue::Number(n),
                // Microsoft's template writes TRUE/FALSE in DWORD elements.
                _ if raw.eq_ignore_ascii_case("true") || raw.eq_ignore_ascii_case("false") => {
                    PropValue::Text(raw.into())
                }
                // ... and types NNTP_Reply_To_Email_Address as DWORD: an address
                // element is a string whatever its type says.
                _ if p.name.ends_with("Address") => PropValue::Text(raw.into()),
                _ => {
                    out.problems.push(problem(
                        ParseKind::OeaccountBadDword,
                        span,
                        Some(format!("{} = \"{raw}\"", p.name)),
                    ));
                    return;
                }
            },
            "BINARY" => PropValue::Other,
            _ => PropValue::Text(raw.into()),
        }
    };
    out.values.push(Prop {
        name: p.name.into(),
        name_span: p.name_span,
        value,
        span,
        verbatim: p.verbatim,
    });
}

/// Windows Live Mail keeps its store under a `Windows Live Mail` folder;
/// anything else is taken for Windows Mail.
fn client_of(file: &SourceFile) -> Client {
    let live = file.path.components().any(|c| {
        c.as_os_str()
            .to_string_lossy()
            .eq_ignore_ascii_case("Windows Live Mail")
    });
    if live {
        Client::WindowsLiveMail
    } else {
        Client::WindowsMail
    }
}

/// Read `.oeaccount` files, one account each.
pub fn read(files: &[&SourceFile]) -> Document {
    let client = files.first().map_or(Client::WindowsMail, |f| client_of(f));
    let mut doc = crate::formats::outlook_express::empty(client, READER.format, files);
    for file in files {
        let parsed = parse(&file.text, file.id);
        doc.problems.extend(parsed.problems);
        for p in &parsed.values.props {
            if matches!(p.value, PropValue::Secret { .. }) {
                doc.secrets
                    .extend(crate::formats::outlook_express::line_pieces(
                        &file.text, p.span,
                    ));
            }
        }
        let Some(root) = parsed.root else { continue };
        let key = file
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "account".into());
        match values::assemble(
            &parsed.values,
            client_of(file),
            &key,
            root,
            &mut doc.problems,
        ) {
            Assembled::Account(a) => doc.accounts.push(*a),
            Assembled::Skipped(s) => doc.skipped.push(s),
        }
    }
    doc
}

/// Windows Mail and Windows Live Mail store folders (under
/// `%LOCALAPPDATA%\Microsoft`); the walk finds their `*.oeaccount` files at
/// any depth, as Thunderbird's importer searches the store root recursively.
fn places(home: &Home) -> Vec<Searched> {
    let mut folders: Vec<(&'static str, std::path::PathBuf)> = [
        ("Windows Mail", "AppData/Local/Microsoft/Windows Mail"),
        (
            "Windows Live Mail",
            "AppData/Local/Microsoft/Windows Live Mail",
        ),
        (
            "Windows Mail",
            "Local Settings/Application Data/Microsoft/Windows Mail",
        ),
    ]
    .iter()
    .map(|(client, rel)| (*client, home.home.join(rel)))
    .collect();
    if let Some(local) = &home.local_appdata {
        // `%LOCALAPPDATA%` itself, wherever Windows put it.
        folders.push(("Windows Mail", local.join("Microsoft/Windows Mail")));
        folders.push((
            "Windows Live Mail",
            local.join("Microsoft/Windows Live Mail"),
        ));
    }
    let mut seen = Vec::new();
    folders
        .into_iter()
        .filter(|(_, p)| {
            let canonical = p.canonicalize().unwrap_or_else(|_| p.clone());
            let new = !seen.contains(&canonical);
            seen.push(canonical);
            new
        })
        .map(|(client, path)| {
            let found = path.is_dir();
            Searched {
                client,
                path,
                found,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
