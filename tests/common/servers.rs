//! The real mail servers of `scripts/test-servers.sh`, read from the
//! `servers.env` its `start` writes.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// Ports and files of the running test servers.
pub struct Servers {
    vars: BTreeMap<String, String>,
}

impl Servers {
    pub fn port(&self, name: &str) -> u16 {
        self.vars
            .get(&format!("MAILLINT_SERVERS_{name}"))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("servers.env has no port {name}"))
    }
    pub fn ca(&self) -> PathBuf {
        PathBuf::from(&self.vars["MAILLINT_SERVERS_CA"])
    }
    pub fn password(&self) -> String {
        self.vars["MAILLINT_SERVERS_PASSWORD"].clone()
    }
    /// `--connect-to HOST:PORT:127.0.0.1:<the server's port>`.
    pub fn connect_to(&self, host: &str, port: u16, name: &str) -> String {
        format!("{host}:{port}:127.0.0.1:{}", self.port(name))
    }
}

/// The running servers, or `None` with a printed notice; a failure instead
/// under `MAILLINT_REQUIRE_SERVERS=1` (CI).
pub fn servers() -> Option<Servers> {
    let dir = std::env::var_os("MAILLINT_SERVERS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/maillint-test-servers"));
    let env = dir.join("servers.env");
    let text = match std::fs::read_to_string(&env) {
        Ok(t) => t,
        Err(_) => {
            if std::env::var("MAILLINT_REQUIRE_SERVERS").as_deref() == Ok("1") {
                panic!(
                    "the test servers are required (MAILLINT_REQUIRE_SERVERS=1) but {} is missing: run scripts/test-servers.sh start",
                    env.display()
                );
            }
            eprintln!(
                "notice: test servers not running (no {}); skipping online tests. Start them with scripts/test-servers.sh start",
                env.display()
            );
            return None;
        }
    };
    let vars = text
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Some(Servers { vars })
}
