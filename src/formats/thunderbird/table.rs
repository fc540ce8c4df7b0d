//! The effective preferences of a profile: later prefs override earlier ones,
//! `user.js` overrides `prefs.js`, as Thunderbird applies them.

use crate::catalogue::ParseKind;
use std::borrow::Cow;
use std::collections::HashMap;

#[cfg(test)]
use super::prefs::Pref;
use super::prefs::{EFFECTIVE, PrefList, PrefRec, RecValue, SECRET_NAME, Texts};
use crate::formats::secret_names::SecretNames;
use crate::model::{ParseProblem, Str};
use crate::source::{Located, Span};

type Map<K, V> = HashMap<K, V, ahash::RandomState>;

/// What the prefix index tells of a prefix.
#[derive(Clone, Copy)]
struct PrefixInfo {
    first: Span,
    secret_stored: bool,
}

/// A prefix in the index: `first`, the pref of the first statement under
/// it, whose name's first `len` bytes are the prefix (no copy of it), and
/// whether a non-empty secret is stored under it. 12 bytes: a map of
/// `Cow<str>` prefixes to spans took 56 a slot, 1.9 MB of a 10 MB prefs.js's
/// peak (issue 15).
#[derive(Clone, Copy)]
struct PrefixEntry {
    first: u32,
    len: u32,
    secret_stored: bool,
}

/// The prefixes of one number of dots.
type Level = hashbrown::HashTable<PrefixEntry>;

pub struct PrefTable<'t> {
    /// Each file's text and decoded strings, in the order applied.
    files: Vec<Texts<'t>>,
    /// Where each file's prefs end in `recs`.
    ends: Vec<usize>,
    /// Every pref of every file, in the order applied (40 bytes each: a 10 MB
    /// prefs.js held 15 MB of [`Pref`]s here while its accounts were
    /// assembled, issue 15). Its flags tell whether the name holds a secret
    /// ([`crate::secrets::is_secret_name`]) and whether the pref is the
    /// effective one of its name (no later pref of that name overrides it).
    recs: Vec<PrefRec>,
    by_name: NameIndex,
    /// The prefixes of three dots (`mail.server.server1.`, what the accounts
    /// ask for), made while the table is built: see [`Groups`].
    groups: Groups,
    /// For the dotted prefixes of effective prefs' names of other numbers of
    /// dots (a key holding a dot), by their number of dots: the first
    /// statement under each and whether a non-empty secret is stored under
    /// it. A level is built in one pass over the prefs when first asked for,
    /// so that assembling many accounts stays linear.
    by_prefix: Map<usize, Level>,
    /// Type and value problems found while reading values.
    pub problems: Vec<ParseProblem>,
    /// Each file's line break, for prefs a fix adds.
    pub newlines: Vec<(crate::source::SourceId, &'static str)>,
    /// [`PrefTable::branch_default`]'s answers: branch, field, pref.
    defaults: Vec<(Box<str>, Box<str>, Option<usize>)>,
}

/// The most keys [`PrefTable::key_list`] drops repeats of by looking at
/// those kept, before it makes a set of them.
const SHORT_LIST: usize = 16;

/// The texts pref `i` points into.
fn texts_of<'a, 't>(files: &'a [Texts<'t>], ends: &[usize], i: usize) -> Option<&'a Texts<'t>> {
    match files {
        // Nearly every profile has a prefs.js alone.
        [one] => Some(one),
        _ => files.get(ends.partition_point(|&e| e <= i)),
    }
}

impl<'t> PrefTable<'t> {
    /// `files` in the order Thunderbird applies them. Their prefs together
    /// must number less than 2^32 (every file shorter than 4 GiB holds
    /// fewer; `read_profile` refuses more): the index keeps four bytes a pref.
    pub fn new(files: Vec<PrefList<'t>>) -> Self {
        // The first file's list becomes the table's (a 10 MB prefs.js has
        // 135,000 prefs: collecting them anew held two lists at once).
        let mut lists = files.into_iter();
        let mut texts = Vec::new();
        let mut ends = Vec::new();
        let mut recs = Vec::new();
        if let Some(first) = lists.next() {
            let (t, r) = first.into_parts();
            recs = r;
            texts.push(t);
            ends.push(recs.len());
        }
        for more in lists {
            let (t, r) = more.into_parts();
            recs.extend(r);
            texts.push(t);
            ends.push(recs.len());
        }
        // The parser's list grew by doubling: up to twice the room it needs,
        // held while the accounts are assembled.
        recs.shrink_to_fit();
        let mut by_name = NameIndex::with_capacity(recs.len());
        let mut groups = Groups::default();
        let mut names = SecretNames::new();
        let mut rests = rests::RestSecrets::new();
        // From the last pref to the first: the first met of a name is its
        // effective one (a later pref of a name overrides an earlier one, as
        // Mozilla's `pref_SetPref` does), known at once, so that one pass
        // also makes the prefix index of three dots (issue 15: that level
        // was a second pass over every pref, 32 M instructions of a 10 MB
        // prefs.js) and judges each name's secret by its prefix, judged once,
        // and its rest (a third of the bytes to shape).
        let mut run: Option<(usize, &[u8])> = None;
        for f in (0..texts.len()).rev() {
            let (Some(t), Some(&end)) = (texts.get(f), ends.get(f)) else {
                continue;
            };
            let start = f
                .checked_sub(1)
                .and_then(|e| ends.get(e))
                .copied()
                .unwrap_or(0);
            for i in (start..end).rev() {
                let Some(&rec) = recs.get(i) else {
                    continue;
                };
                let name = t.name(&rec);
                let bytes = name.as_bytes();
                // A name under the run's prefix (which ends at its third
                // dot) has its third dot there too: only a name that starts
                // a run is searched for it and its prefix looked up.
                let group = match run {
                    Some((g, key)) if bytes.starts_with(key) => Some((g, key.len())),
                    _ => match nth_dot(bytes, GROUP_DOTS) {
                        Some(dot) => {
                            let key = name.get(..=dot).unwrap_or_default();
                            let g = groups.find_or_add(
                                (&texts, &ends, &recs),
                                &by_name.hasher,
                                key,
                                i,
                                &mut names,
                            );
                            run = g.map(|g| (g, key.as_bytes()));
                            g.map(|g| (g, key.len()))
                        }
                        None => None,
                    },
                };
                let effective = by_name.insert_first(&texts, &ends, &recs, i, bytes);
                let secret = match group {
                    Some((g, cut)) => {
                        let rest = name.get(cut..).unwrap_or_default();
                        let rest_secret = rests.is_secret(rest);
                        let at = t.span(rec.statement);
                        groups.merge(g, &rec, i, at, effective, rest_secret)
                            || (rest_secret && !rest.eq_ignore_ascii_case("pw"))
                    }
                    None => names.is_secret(name),
                };
                if let Some(rec) = recs.get_mut(i) {
                    rec.set(SECRET_NAME, secret);
                    rec.set(EFFECTIVE, effective);
                }
            }
        }
        // Room for as many prefixes as there are: held while the accounts
        // are assembled, at the reader's peak of memory.
        groups.list.shrink_to_fit();
        PrefTable {
            files: texts,
            ends,
            recs,
            by_name,
            groups,
            by_prefix: Map::default(),
            problems: Vec::new(),
            newlines: Vec::new(),
            defaults: Vec::new(),
        }
    }

    /// The value spans of the prefs whose names hold a secret, in file order
    /// (overridden ones too: the text holds them).
    pub fn secret_spans(&self) -> Vec<Span> {
        self.recs
            .iter()
            .enumerate()
            .filter(|(_, r)| r.has(SECRET_NAME))
            .filter_map(|(i, r)| Some(self.texts(i)?.span(r.value_span)))
            .collect()
    }

    fn texts(&self, i: usize) -> Option<&Texts<'t>> {
        texts_of(&self.files, &self.ends, i)
    }

    /// The effective pref named `name`: its record and texts.
    fn find(&self, name: &[u8]) -> Option<(PrefRec, &Texts<'t>)> {
        self.at(self.find_number(name)?)
    }

    /// The number of the effective pref named `name`.
    fn find_number(&self, name: &[u8]) -> Option<usize> {
        self.by_name.get(&self.files, &self.ends, &self.recs, name)
    }

    /// Pref `i`: its record and texts.
    fn at(&self, i: usize) -> Option<(PrefRec, &Texts<'t>)> {
        Some((*self.recs.get(i)?, self.texts(i)?))
    }

    /// What the index holds for a prefix ending in `.`; its level (see
    /// `by_prefix`) built on first use.
    fn prefix_info(&mut self, prefix: &[u8]) -> Option<PrefixInfo> {
        if prefix.last() != Some(&b'.') {
            return None;
        }
        let dots = prefix.iter().filter(|&&b| b == b'.').count();
        if dots == GROUP_DOTS {
            return self.groups.info(
                (&self.files, &self.ends, &self.recs),
                &self.by_name.hasher,
                prefix,
            );
        }
        let Self {
            files,
            ends,
            recs,
            by_name,
            by_prefix,
            ..
        } = self;
        let hasher = &by_name.hasher;
        let level = by_prefix
            .entry(dots)
            .or_insert_with(|| build_level(files, ends, recs, hasher, dots));
        let found = level.find(hasher.hash_one(prefix), |e| {
            prefix_of(files, ends, recs, e) == Some(prefix)
        })?;
        Some(PrefixInfo {
            first: statement_of(files, ends, recs, found.first)?,
            secret_stored: found.secret_stored,
        })
    }

    /// `v`, a client default for the pref `name` that no statement sets,
    /// with where a fix would add it: a `user_pref` line after the statement
    /// `after` (the server's own first pref; Thunderbird reads prefs in any
    /// order and sorts them when it writes the file).
    pub fn insertable<T: 'static>(
        &self,
        v: Located<T>,
        after: Span,
        name: &[&str],
        literal: fn(&T) -> Option<String>,
    ) -> Located<T> {
        if after.is_empty() {
            // No statement to follow: the file has none for this server.
            return v;
        }
        let nl = self
            .newlines
            .iter()
            .find(|(id, _)| *id == after.source)
            .map_or("\n", |(_, nl)| *nl);
        // The name made only here, where it is written (80,000 names made
        // for every server, most never used, cost 5 M instructions of a 10 MB
        // prefs.js; issue 15).
        let name = js_string_content(&pref_name_string(name));
        v.with_insert(
            Span {
                start: after.end,
                ..after
            },
            move |x| literal(x).map(|l| format!("{nl}user_pref(\"{name}\", {l});")),
        )
    }

    /// The statement of the effective pref named `name` (`get(name)`'s).
    pub fn statement<N: PrefKey + ?Sized>(&self, name: &N) -> Option<Span> {
        self.find(name.key_bytes())
            .map(|(rec, texts)| texts.span(rec.statement))
    }

    /// The effective pref named `name`, as the parser made it (the tests'
    /// view of the records).
    #[cfg(test)]
    pub fn get(&self, name: &str) -> Option<Pref<'t>> {
        self.find(name.as_bytes())
            .map(|(rec, texts)| texts.pref(&rec))
    }

    /// The statement of the first effective pref whose name starts with
    /// `prefix` (a prefix ending in `.`).
    pub fn first_with_prefix<N: PrefKey + ?Sized>(&mut self, prefix: &N) -> Option<Span> {
        self.prefix_info(prefix.key_bytes()).map(|i| i.first)
    }

    /// A pref of the wrong type, reported where its value is.
    fn wrong_type(&mut self, span: Span, name: String) {
        self.problems.push(ParseProblem {
            kind: ParseKind::WrongType,
            span,
            detail: Some(name),
            related: Vec::new(),
        });
    }

    /// A string pref; a pref of another type is reported and ignored, as
    /// Thunderbird's typed getters ignore it.
    pub fn string<N: PrefKey + ?Sized>(&mut self, name: &N) -> Option<Located<Str>> {
        let (rec, texts) = self.find(name.key_bytes())?;
        let span = texts.span(rec.value_span);
        match texts.string(&rec) {
            Some(s) => Some(
                Located::file(Str::from(s), span)
                    .with_verbatim(rec.verbatim())
                    .with_rewrite(|v| Some(js_string_content(v))),
            ),
            None => {
                let name = texts.name(&rec).to_string();
                self.wrong_type(span, name);
                None
            }
        }
    }

    pub fn int<N: PrefKey + ?Sized>(&mut self, name: &N) -> Option<Located<i64>> {
        let i = self.find_number(name.key_bytes())?;
        self.int_at(i)
    }

    /// Pref `i` as an integer pref ([`PrefTable::int`]).
    fn int_at(&mut self, i: usize) -> Option<Located<i64>> {
        let (rec, texts) = self.at(i)?;
        let span = texts.span(rec.value_span);
        match rec.value {
            // A negative value's span starts after its sign: write only
            // over a plain positive integer.
            RecValue::Int(v) if v >= 0 => {
                Some(Located::file(i64::from(v), span).with_rewrite(|n| {
                    i32::try_from(*n)
                        .ok()
                        .filter(|n| *n >= 0)
                        .map(|n| n.to_string())
                }))
            }
            RecValue::Int(v) => Some(Located::file(i64::from(v), span)),
            _ => {
                let name = texts.name(&rec).to_string();
                self.wrong_type(span, name);
                None
            }
        }
    }

    pub fn bool<N: PrefKey + ?Sized>(&mut self, name: &N) -> Option<Located<bool>> {
        let i = self.find_number(name.key_bytes())?;
        self.bool_at(i)
    }

    /// Pref `i` as a boolean pref ([`PrefTable::bool`]).
    fn bool_at(&mut self, i: usize) -> Option<Located<bool>> {
        let (rec, texts) = self.at(i)?;
        let span = texts.span(rec.value_span);
        match rec.value {
            RecValue::Bool(v) => Some(Located::file(v, span).with_rewrite(|b| Some(b.to_string()))),
            _ => {
                let name = texts.name(&rec).to_string();
                self.wrong_type(span, name);
                None
            }
        }
    }

    /// A value of `<branch>.<key>.<field>`, else of the branch-wide
    /// `<branch>.default.<field>` that Thunderbird falls back to.
    pub fn server_int(&mut self, branch: &str, key: &str, field: &str) -> Option<Located<i64>> {
        self.int(&pref_name(&[branch, ".", key, ".", field]))
            .or_else(|| {
                let i = self.branch_default(branch, field)?;
                self.int_at(i).map(shared)
            })
    }

    pub fn server_bool(&mut self, branch: &str, key: &str, field: &str) -> Option<Located<bool>> {
        self.bool(&pref_name(&[branch, ".", key, ".", field]))
            .or_else(|| {
                let i = self.branch_default(branch, field)?;
                self.bool_at(i).map(shared)
            })
    }

    /// The number of the effective pref `<branch>.default.<field>`, looked
    /// up once a branch and field: every server without its own pref asks
    /// for the same few (50,000 look-ups of a 10 MB prefs.js's 220,000, most
    /// of them for a pref no file sets; issue 15).
    fn branch_default(&mut self, branch: &str, field: &str) -> Option<usize> {
        if let Some((_, _, i)) = self
            .defaults
            .iter()
            .find(|(b, f, _)| **f == *field && **b == *branch)
        {
            return *i;
        }
        let i = self.find_number(pref_name(&[branch, ".default.", field]).key_bytes());
        self.defaults.push((branch.into(), field.into(), i));
        i
    }

    /// A comma-separated list of keys, as Thunderbird splits it: trimmed,
    /// empty entries and repeats dropped.
    pub fn key_list<N: PrefKey + ?Sized>(&mut self, name: &N) -> Vec<String> {
        let Some((rec, texts)) = self.find(name.key_bytes()) else {
            return Vec::new();
        };
        // The list's text itself, not a model's value of it (an allocation
        // and a rewrite made and dropped at once).
        let Some(list) = texts.string(&rec) else {
            let span = texts.span(rec.value_span);
            let name = texts.name(&rec).to_string();
            self.wrong_type(span, name);
            return Vec::new();
        };
        let mut kept: Vec<&str> = Vec::new();
        // Repeats dropped in one pass (a list of 5,000 accounts compared
        // each key with every earlier one: issue 15); a short list (an
        // account's identities) by looking at the keys kept.
        let mut seen: Option<std::collections::HashSet<&str, ahash::RandomState>> = None;
        for k in list.split(',').map(str::trim).filter(|k| !k.is_empty()) {
            let new = match &mut seen {
                Some(seen) => seen.insert(k),
                None if kept.len() < SHORT_LIST => !kept.contains(&k),
                None => {
                    let mut set: std::collections::HashSet<&str, ahash::RandomState> =
                        kept.iter().copied().collect();
                    let new = set.insert(k);
                    seen = Some(set);
                    new
                }
            };
            if new {
                kept.push(k);
            }
        }
        kept.into_iter().map(str::to_string).collect()
    }

    /// Whether any effective pref under `prefix` names a password and holds
    /// something. The value is never read out.
    pub fn has_password_under<N: PrefKey + ?Sized>(&mut self, prefix: &N) -> bool {
        self.prefix_info(prefix.key_bytes())
            .is_some_and(|i| i.secret_stored)
    }
}

/// The effective pref of each name: the number of the last pref of that name,
/// in a table of numbers hashed by the names they point at. A map keyed by
/// the names took 33 bytes a slot (8.6 MB for a 10 MB prefs.js, held while
/// the accounts are assembled); this takes 5 (issue 15, peak memory).
struct NameIndex {
    slots: hashbrown::HashTable<u32>,
    hasher: ahash::RandomState,
}

/// The name of pref `j` as bytes: to compare with, where the `str`'s checks
/// of character boundaries would cost (the same equality).
fn name_bytes<'a>(
    files: &'a [Texts<'_>],
    ends: &[usize],
    recs: &[PrefRec],
    j: u32,
) -> Option<&'a [u8]> {
    let j = j as usize;
    Some(texts_of(files, ends, j)?.name_bytes(recs.get(j)?))
}

impl NameIndex {
    fn with_capacity(n: usize) -> Self {
        NameIndex {
            slots: hashbrown::HashTable::with_capacity(n),
            hasher: ahash::RandomState::new(),
        }
    }

    /// Index pref `i` under its name `name` unless a pref of that name is
    /// indexed already; whether it was. Prefs are indexed from the last to
    /// the first, so that the one indexed is the last of its name, the
    /// effective one (a later pref of a name overrides an earlier one, as
    /// Mozilla's `pref_SetPref` does). A number past `u32` is not indexed
    /// (`read_profile` refuses so many prefs before).
    fn insert_first(
        &mut self,
        files: &[Texts<'_>],
        ends: &[usize],
        recs: &[PrefRec],
        i: usize,
        name: &[u8],
    ) -> bool {
        let Ok(i) = u32::try_from(i) else {
            return false;
        };
        let hasher = &self.hasher;
        let hash = hasher.hash_one(name);
        let found = self.slots.entry(
            hash,
            |&j| name_bytes(files, ends, recs, j) == Some(name),
            |&j| name_bytes(files, ends, recs, j).map_or(0, |n| hasher.hash_one(n)),
        );
        match found {
            hashbrown::hash_table::Entry::Occupied(_) => false,
            hashbrown::hash_table::Entry::Vacant(e) => {
                e.insert(i);
                true
            }
        }
    }

    /// The number of the effective pref named `name`.
    fn get(
        &self,
        files: &[Texts<'_>],
        ends: &[usize],
        recs: &[PrefRec],
        name: &[u8],
    ) -> Option<usize> {
        // Hashed as bytes, as `insert` hashes them.
        let hash = self.hasher.hash_one(name);
        self.slots
            .find(hash, |&j| name_bytes(files, ends, recs, j) == Some(name))
            .map(|&j| j as usize)
    }
}

/// The prefix `e` stands for: the first `len` bytes of its pref's name.
fn prefix_of<'a>(
    files: &'a [Texts<'_>],
    ends: &[usize],
    recs: &[PrefRec],
    e: &PrefixEntry,
) -> Option<&'a [u8]> {
    name_bytes(files, ends, recs, e.first)?.get(..e.len as usize)
}

/// The statement of pref `i`.
fn statement_of(files: &[Texts<'_>], ends: &[usize], recs: &[PrefRec], i: u32) -> Option<Span> {
    let i = i as usize;
    Some(texts_of(files, ends, i)?.span(recs.get(i)?.statement))
}

/// The number of dots of the prefixes [`Groups`] holds: `<branch>.<key>.`
/// (`mail.server.server1.`), what assembling accounts asks for.
const GROUP_DOTS: usize = 3;

/// The prefix index at [`GROUP_DOTS`] dots, made while the table is built
/// (one pass, from the last pref to the first): for each prefix of a name up
/// to its third dot, the first statement of an effective pref under it,
/// whether a non-empty secret is stored under it, and whether the prefix
/// itself names a secret. It answers as [`build_level`] at three dots
/// (which stays the tests' oracle).
#[derive(Default)]
struct Groups {
    /// Numbers into `list`, hashed by their prefix's bytes.
    index: hashbrown::HashTable<u32>,
    list: Vec<Group>,
}

/// One prefix of [`Groups`], 24 bytes.
#[derive(Clone, Copy)]
struct Group {
    /// A pref whose name starts with the prefix (no copy of it), and the
    /// prefix's length.
    key: u32,
    len: u32,
    /// The effective pref under the prefix whose statement comes first
    /// (`NONE` while none), and where that statement starts.
    first: u32,
    first_source: u32,
    first_start: u32,
    secret_stored: bool,
    /// [`crate::secrets::is_secret_name`] of the prefix: a name under it
    /// names a secret when the prefix does (no secret word holds a dot).
    prefix_secret: bool,
}

const NONE: u32 = u32::MAX;

/// A table's texts, list ends and records, which a prefix's bytes are read from.
type Recs<'a, 't> = (&'a [Texts<'t>], &'a [usize], &'a [PrefRec]);

impl Groups {
    /// The prefix `key` of pref `i`'s name: its number, added when new
    /// (`None` past `u32` prefixes, which `read_profile` never lets in).
    fn find_or_add(
        &mut self,
        (files, ends, recs): Recs<'_, '_>,
        hasher: &ahash::RandomState,
        key: &str,
        i: usize,
        names: &mut SecretNames,
    ) -> Option<usize> {
        let (name, key) = (key, key.as_bytes());
        let list = &self.list;
        let prefix = |g: u32| {
            let g = list.get(g as usize)?;
            name_bytes(files, ends, recs, g.key)?.get(..g.len as usize)
        };
        let found = self.index.entry(
            hasher.hash_one(key),
            |&g| prefix(g) == Some(key),
            |&g| prefix(g).map_or(0, |k| hasher.hash_one(k)),
        );
        match found {
            hashbrown::hash_table::Entry::Occupied(o) => Some(*o.get() as usize),
            hashbrown::hash_table::Entry::Vacant(v) => {
                let number = u32::try_from(self.list.len()).ok()?;
                let (Ok(at), Ok(len)) = (u32::try_from(i), u32::try_from(key.len())) else {
                    return None;
                };
                v.insert(number);
                self.list.push(Group {
                    key: at,
                    len,
                    first: NONE,
                    first_source: 0,
                    first_start: 0,
                    secret_stored: false,
                    prefix_secret: names.is_secret(name),
                });
                Some(number as usize)
            }
        }
    }

    /// Pref `i` (`rec`, its statement `at`) is under group `g`: when it is
    /// the effective one of its name, its statement and its stored secret
    /// (`rest_secret`: the name after the prefix names one) count. Whether
    /// the prefix names a secret.
    fn merge(
        &mut self,
        g: usize,
        rec: &PrefRec,
        i: usize,
        at: Span,
        effective: bool,
        rest_secret: bool,
    ) -> bool {
        let Some(group) = self.list.get_mut(g) else {
            return false;
        };
        if effective {
            let Ok(i) = u32::try_from(i) else {
                return group.prefix_secret;
            };
            // A span's offsets are four bytes already (`Span`).
            let start = at.start;
            if group.first == NONE || (at.source.0, start) < (group.first_source, group.first_start)
            {
                group.first = i;
                group.first_source = at.source.0;
                group.first_start = start;
            }
            group.secret_stored |=
                rest_secret && matches!(rec.value, RecValue::Text(t) if t.len > 0);
        }
        group.prefix_secret
    }

    /// What the index holds for `prefix` (of three dots).
    fn info(
        &self,
        (files, ends, recs): Recs<'_, '_>,
        hasher: &ahash::RandomState,
        prefix: &[u8],
    ) -> Option<PrefixInfo> {
        let g = self.index.find(hasher.hash_one(prefix), |&g| {
            self.list
                .get(g as usize)
                .and_then(|g| name_bytes(files, ends, recs, g.key)?.get(..g.len as usize))
                == Some(prefix)
        })?;
        let g = self.list.get(*g as usize)?;
        if g.first == NONE {
            return None; // only overridden prefs under it
        }
        Some(PrefixInfo {
            first: statement_of(files, ends, recs, g.first)?,
            secret_stored: g.secret_stored,
        })
    }
}

/// The prefix index at `dots` dots: for each prefix of an effective pref's
/// name up to its `dots`th dot, the first statement under it and whether a
/// non-empty secret is stored under it.
fn build_level(
    files: &[Texts<'_>],
    ends: &[usize],
    recs: &[PrefRec],
    hasher: &ahash::RandomState,
    dots: usize,
) -> Level {
    let mut level = Level::new();
    // Both together: the earlier first statement, a secret under either
    // (`at`, `e`'s statement; the caller has it at hand).
    let merge = |into: &mut (PrefixEntry, Span), e: PrefixEntry, at: Span| {
        if (at.source, at.start) < (into.1.source, into.1.start) {
            into.0.first = e.first;
            into.1 = at;
        }
        into.0.secret_stored |= e.secret_stored;
    };
    let add = |level: &mut Level, (e, at): (PrefixEntry, Span)| {
        let Some(key) = prefix_of(files, ends, recs, &e) else {
            return;
        };
        let found = level.entry(
            hasher.hash_one(key),
            |x| prefix_of(files, ends, recs, x) == Some(key),
            |x| prefix_of(files, ends, recs, x).map_or(0, |k| hasher.hash_one(k)),
        );
        match found {
            hashbrown::hash_table::Entry::Occupied(mut o) => {
                let held = o.get_mut();
                if let Some(held_at) = statement_of(files, ends, recs, held.first) {
                    let mut both = (*held, held_at);
                    merge(&mut both, e, at);
                    *held = both.0;
                }
            }
            hashbrown::hash_table::Entry::Vacant(v) => {
                v.insert(e);
            }
        }
    };
    // Thunderbird writes prefs.js sorted by name (Preferences.cpp,
    // `pref_savePrefs`): the prefs under one prefix come in a run, merged
    // here, then looked up once (a lookup a pref was a tenth of reading a
    // 10 MB prefs.js). Merging is a minimum and an "or": any order gives the
    // same index.
    let mut run: Option<(&[u8], (PrefixEntry, Span))> = None;
    for (i, p) in recs.iter().enumerate() {
        if !p.has(EFFECTIVE) {
            continue; // overridden by a later pref of the same name
        }
        let (Some(texts), Ok(first)) = (texts_of(files, ends, i), u32::try_from(i)) else {
            continue;
        };
        let name = texts.name_bytes(p);
        // A name under the run's prefix (which ends at its `dots`th dot) has
        // its `dots`th dot there too: only a name that starts a run is
        // searched for it.
        let (cut, same_run) = match &run {
            Some((key, _)) if name.starts_with(key) => (key.len(), true),
            _ => match nth_dot(name, dots) {
                Some(dot) => (dot + 1, false),
                None => continue,
            },
        };
        let rest = name.get(cut..).unwrap_or_default();
        let stored = matches!(p.value, RecValue::Text(t) if t.len > 0);
        // A suffix of a name that holds no secret holds none either, but for
        // a bare `pw` (`is_secret_name` asks equality there).
        let secret = stored
            && if p.has(SECRET_NAME) {
                texts
                    .name(p)
                    .get(cut..)
                    .is_some_and(crate::secrets::is_secret_name)
            } else {
                rest.eq_ignore_ascii_case(b"pw")
            };
        let (Some(key), Ok(len)) = (name.get(..cut), u32::try_from(cut)) else {
            continue;
        };
        let e = PrefixEntry {
            first,
            len,
            secret_stored: secret,
        };
        let at = texts.span(p.statement);
        match &mut run {
            Some((_, into)) if same_run => merge(into, e, at),
            _ => {
                if let Some((_, done)) = run.replace((key, (e, at))) {
                    add(&mut level, done);
                }
            }
        }
    }
    if let Some((_, done)) = run {
        add(&mut level, done);
    }
    level
}

/// Where the `n`th `.` of `name` is (`n` from 1).
fn nth_dot(name: &[u8], n: usize) -> Option<usize> {
    let mut seen = 0;
    for (i, &b) in name.iter().enumerate() {
        if b == b'.' {
            seen += 1;
            if seen == n {
                return Some(i);
            }
        }
    }
    None
}

/// The pref name made of `parts` (`mail.server.`, a key, `.port`): one
/// allocation of the right size, where `format!` cost ten times as much.
pub fn pref_name_string(parts: &[&str]) -> String {
    let mut name = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        name.push_str(p);
    }
    name
}

/// The pref name made of `parts`, to look a pref up with, written on the
/// stack: assembling an account looks up about forty names. An allocation
/// each was a tenth of assembling (issue 15); a buffer lent by the thread
/// still cost 250 instructions a name, and a second name made while the
/// first was alive (`server_int`'s fallback) allocated anew.
#[inline]
pub fn pref_name(parts: &[&str]) -> PrefName {
    let len: usize = parts.iter().map(|p| p.len()).sum();
    if len > INLINE_NAME {
        return PrefName::Long(pref_name_string(parts));
    }
    let mut buf = [0u8; INLINE_NAME];
    let mut at = 0;
    for p in parts {
        let end = at + p.len();
        if let Some(to) = buf.get_mut(at..end) {
            to.copy_from_slice(p.as_bytes());
        }
        at = end;
    }
    PrefName::Short(buf, len)
}

/// The longest name [`pref_name`] writes on the stack (Thunderbird's own
/// account prefs are under 60 bytes; a longer key goes to the heap).
const INLINE_NAME: usize = 64;

/// A pref name made by [`pref_name`]: its bytes, to look a pref up with.
pub enum PrefName {
    Short([u8; INLINE_NAME], usize),
    Long(String),
}

/// A pref name to look a pref up with: as its bytes.
pub trait PrefKey {
    fn key_bytes(&self) -> &[u8];
}

impl PrefKey for PrefName {
    fn key_bytes(&self) -> &[u8] {
        match self {
            PrefName::Short(buf, len) => buf.get(..*len).unwrap_or_default(),
            PrefName::Long(s) => s.as_bytes(),
        }
    }
}

impl PrefKey for str {
    fn key_bytes(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl PrefKey for String {
    fn key_bytes(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl PrefKey for Cow<'_, str> {
    fn key_bytes(&self) -> &[u8] {
        self.as_bytes()
    }
}

/// A value of the branch-wide `default` pref: every server uses it, so a fix
/// for one server must not write it.
fn shared<T>(mut v: Located<T>) -> Located<T> {
    v.rewrite = None;
    v
}

/// `value` as the content of a prefs.js string literal (between its double
/// quotes), escaped so that Mozilla's parser reads `value` back:
/// `\\`, `\"` and control characters as `\uXXXX`.
pub fn js_string_content(value: &str) -> String {
    // Nearly every value needs no escape: copied whole (a character at a
    // time, a pref name cost 1,200 instructions; issue 15). A control
    // character or DEL is one byte in UTF-8, never part of another.
    if !value
        .bytes()
        .any(|b| b == b'\\' || b == b'"' || b < 0x20 || b == 0x7f)
    {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

mod rests;

#[cfg(test)]
mod tests;
