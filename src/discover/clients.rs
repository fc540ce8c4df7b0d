//! Where Claws Mail, Sylpheed, Evolution and Becky! keep their accounts
//! (formats.md §6–8). As for Thunderbird, every layout is tried on every
//! system: a copied home folder keeps its layout whatever system reads it.

use std::path::{Path, PathBuf};

use super::{Home, Searched};

/// Every place looked at for these clients, with what was found. An
/// `accountrc` is listed as the file itself; Evolution as its `sources`
/// folder; Becky! as its data folder, then each mailbox's `Mailbox.ini`
/// that its `Folder.lst` lists.
pub fn search(home: &Home) -> Vec<Searched> {
    let mut out = Vec::new();
    let h = &home.home;
    let appdata = |name: &str| home.appdata.as_ref().map(|a| a.join(name));

    let mut claws = vec![h.join(".claws-mail"), h.join("AppData/Roaming/Claws-mail")];
    claws.extend(appdata("Claws-mail"));
    for dir in dedup(claws) {
        out.push(file_place("Claws Mail", dir.join("accountrc")));
    }

    let mut sylpheed = vec![
        h.join(".sylpheed-2.0"),
        h.join(".sylpheed"),
        h.join("Library/Application Support/Sylpheed"),
        h.join("AppData/Roaming/Sylpheed"),
    ];
    sylpheed.extend(appdata("Sylpheed"));
    for dir in dedup(sylpheed) {
        out.push(file_place("Sylpheed", dir.join("accountrc")));
    }

    for dir in [
        h.join(".config/evolution/sources"),
        h.join(".var/app/org.gnome.Evolution/config/evolution/sources"),
    ] {
        let found = has_source_files(&dir);
        out.push(Searched {
            client: "Evolution",
            path: dir,
            found,
        });
    }

    let mut becky = home.becky_dirs.clone();
    becky.extend([h.join("Documents/Becky"), h.join("My Documents/Becky")]);
    becky.extend(home.documents.as_ref().map(|d| d.join("Becky")));
    for root in &home.becky_roots {
        // `C:\Becky!\<user>\`: one data folder per user.
        let mut users: Vec<PathBuf> = std::fs::read_dir(root)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.is_dir())
                    .collect()
            })
            .unwrap_or_default();
        users.sort();
        if users.is_empty() {
            becky.push(root.clone());
        }
        becky.extend(users);
    }
    for dir in dedup(becky) {
        let mailboxes = becky_mailboxes(&dir);
        out.push(Searched {
            client: "Becky!",
            found: dir.join("Folder.lst").is_file() || mailboxes.iter().any(|m| m.is_file()),
            path: dir,
        });
        for m in mailboxes {
            out.push(file_place("Becky!", m));
        }
    }
    out
}

fn file_place(client: &'static str, path: PathBuf) -> Searched {
    Searched {
        client,
        found: path.is_file(),
        path,
    }
}

/// The same folder named twice (a symlink, `%APPDATA%` inside the home).
fn dedup(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut seen: Vec<PathBuf> = Vec::new();
    let mut out = Vec::new();
    for p in paths {
        let canonical = p.canonicalize().unwrap_or_else(|_| p.clone());
        if !seen.contains(&canonical) {
            seen.push(canonical);
            out.push(p);
        }
    }
    out
}

fn has_source_files(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|rd| {
        rd.filter_map(Result::ok)
            .any(|e| e.path().extension().is_some_and(|x| x == "source"))
    })
}

/// The `Mailbox.ini` of each mailbox `Folder.lst` lists (one folder name
/// per line, Shift_JIS on Japanese Windows, often with a trailing `\`).
pub fn becky_mailboxes(root: &Path) -> Vec<PathBuf> {
    let Ok(bytes) = std::fs::read(root.join("Folder.lst")) else {
        return Vec::new();
    };
    let text = crate::source::decode(&bytes).text;
    text.lines()
        .map(|l| l.trim().trim_end_matches(['\\', '/']))
        .filter(|l| !l.is_empty())
        .map(|l| root.join(l.replace('\\', "/")).join("Mailbox.ini"))
        .collect()
}
