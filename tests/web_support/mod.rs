//! Helpers of the web tests: a `seatplan serve` process on a free port, an HTTP client, and a
//! small W3C WebDriver client driving headless Chromium through ChromeDriver. Every process
//! started here is killed and reaped on drop (also when a test panics).
#![allow(dead_code)]

use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Serialises tests that start heavy processes (browsers, servers planning rosters) so that a
/// 2-core machine does not run them all at once.
pub fn heavy_lock() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|p| p.into_inner())
}

/// The repository root (where `data/demo` is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A child process killed and reaped on drop.
struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A running `seatplan serve`.
pub struct Server {
    proc: Proc,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The line the server printed on start.
    pub banner: String,
}

impl Server {
    /// Starts `seatplan serve DIR --port 0 EXTRA...` and waits for its address.
    pub fn start(dir: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_seatplan"))
            .arg("serve")
            .arg(dir)
            .args(["--port", "0"])
            .args(extra)
            .current_dir(root())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start seatplan serve");
        let stdout = child.stdout.take().expect("server stdout");
        let proc = Proc(child);
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            if let Some(Ok(l)) = lines.next() {
                let _ = tx.send(l);
            }
            // Keep draining so the server never blocks on a full pipe.
            for _ in lines {}
        });
        let banner = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("seatplan serve printed no address within 60 s");
        let start = banner.find("http://").expect("address in banner");
        let base = banner[start..]
            .split_whitespace()
            .next()
            .unwrap()
            .trim_end_matches('/')
            .to_string();
        Server { proc, base, banner }
    }

    /// The demo scenario's server.
    pub fn demo() -> Server {
        Server::start(&root().join("data/demo"), &[])
    }

    /// `base + path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// An HTTP answer: status, content type, body.
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(300))
        .build()
}

fn reply(r: Result<ureq::Response, ureq::Error>) -> Reply {
    let resp = match r {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("HTTP failed: {e}"),
    };
    let status = resp.status();
    let content_type = resp.header("content-type").unwrap_or("").to_string();
    let headers = resp
        .headers_names()
        .into_iter()
        .filter_map(|h| resp.header(&h).map(|v| (h.clone(), v.to_string())))
        .collect();
    let body = resp.into_string().unwrap_or_default();
    Reply {
        status,
        content_type,
        headers,
        body,
    }
}

/// `GET url`.
pub fn get(url: &str) -> Reply {
    reply(agent().get(url).call())
}

/// `POST url` with a raw body.
pub fn post(url: &str, body: &str) -> Reply {
    reply(
        agent()
            .post(url)
            .set("Content-Type", "application/json")
            .send_string(body),
    )
}

/// `DELETE url`.
pub fn delete(url: &str) -> Reply {
    reply(agent().delete(url).call())
}

/// Runs `seatplan ARGS`; panics unless it succeeds; returns stdout.
pub fn seatplan(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_seatplan"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run seatplan");
    assert!(
        out.status.success(),
        "seatplan {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A free TCP port on 127.0.0.1 (bound, then released for the child to take).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Headless Chromium driven through ChromeDriver.
pub struct Browser {
    session: String,
    driver: String,
    _profile: tempfile::TempDir,
    _proc: Proc,
}

/// An element of the page.
#[derive(Debug, Clone)]
pub struct Element(String);

fn chromium() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

fn chromedriver() -> String {
    std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into())
}

impl Browser {
    /// Starts ChromeDriver on a free port and a headless Chromium session with a fresh profile.
    pub fn start() -> Browser {
        for bin in [chromium(), chromedriver()] {
            assert!(
                Path::new(&bin).exists(),
                "{bin} is missing: install Chromium and ChromeDriver (scripts/install-deps.sh)"
            );
        }
        let mut last = String::new();
        // A port taken between free_port() and ChromeDriver's bind: try again.
        for _ in 0..3 {
            let port = free_port();
            let child = Command::new(chromedriver())
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start chromedriver");
            let proc = Proc(child);
            let driver = format!("http://127.0.0.1:{port}");
            let ready = wait_for(Duration::from_secs(20), || {
                let r = agent().get(&format!("{driver}/status")).call().ok()?;
                let v: Value = r.into_json().ok()?;
                v["value"]["ready"].as_bool().filter(|&b| b)
            });
            if ready.is_none() {
                last = format!("chromedriver on port {port} not ready");
                continue;
            }
            let profile = tempfile::tempdir().expect("profile dir");
            let caps = json!({"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "pageLoadStrategy": "normal",
                "timeouts": {"script": 60000, "pageLoad": 60000, "implicit": 0},
                "goog:chromeOptions": {
                    "binary": chromium(),
                    "args": [
                        "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                        "--window-size=1400,1600",
                        format!("--user-data-dir={}", profile.path().display()),
                    ]
                }
            }}});
            let r = reply(agent().post(&format!("{driver}/session")).send_json(caps));
            let v = r.json();
            match v["value"]["sessionId"].as_str() {
                Some(id) => {
                    return Browser {
                        session: id.to_string(),
                        driver,
                        _profile: profile,
                        _proc: proc,
                    }
                }
                None => last = format!("no session: {}", r.body),
            }
        }
        panic!("could not start a browser session: {last}");
    }

    fn cmd(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}{path}", self.driver, self.session);
        let r = match method {
            "GET" => reply(agent().get(&url).call()),
            _ => reply(agent().post(&url).send_json(body)),
        };
        let v = r.json();
        assert!(
            r.status == 200,
            "WebDriver {method} {path} → {}: {}",
            r.status,
            v["value"]["message"]
        );
        v["value"].clone()
    }

    /// Opens `url`.
    pub fn goto(&self, url: &str) {
        self.cmd("POST", "/url", json!({ "url": url }));
    }

    /// The first element matching `css` (waits up to 20 s for it).
    pub fn find(&self, css: &str) -> Element {
        wait_for(Duration::from_secs(20), || {
            let v = self.cmd(
                "POST",
                "/elements",
                json!({"using": "css selector", "value": css}),
            );
            v.as_array()?
                .first()
                .and_then(|e| e[ELEMENT].as_str())
                .map(|s| Element(s.to_string()))
        })
        .unwrap_or_else(|| panic!("no element '{css}' within 20 s"))
    }

    /// Every element matching `css`.
    pub fn find_all(&self, css: &str) -> Vec<Element> {
        let v = self.cmd(
            "POST",
            "/elements",
            json!({"using": "css selector", "value": css}),
        );
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e[ELEMENT].as_str().map(|s| Element(s.to_string())))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The element's rendered text.
    pub fn text(&self, e: &Element) -> String {
        self.cmd("GET", &format!("/element/{}/text", e.0), Value::Null)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// An attribute (or property) of the element.
    pub fn attr(&self, e: &Element, name: &str) -> Option<String> {
        let v = self.cmd(
            "GET",
            &format!("/element/{}/attribute/{name}", e.0),
            Value::Null,
        );
        v.as_str().map(str::to_string)
    }

    /// A DOM property of the element (e.g. a link's absolute `href`).
    pub fn prop(&self, e: &Element, name: &str) -> Option<String> {
        let v = self.cmd(
            "GET",
            &format!("/element/{}/property/{name}", e.0),
            Value::Null,
        );
        v.as_str().map(str::to_string)
    }

    /// Clears an input.
    pub fn clear(&self, e: &Element) {
        self.cmd("POST", &format!("/element/{}/clear", e.0), json!({}));
    }

    /// Types into an element (keyboard events, as a person would).
    pub fn type_text(&self, e: &Element, text: &str) {
        self.cmd(
            "POST",
            &format!("/element/{}/value", e.0),
            json!({ "text": text }),
        );
    }

    /// Clears an input and types `text`.
    pub fn fill(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.clear(&e);
        self.type_text(&e, text);
    }

    /// Clicks an element.
    pub fn click(&self, e: &Element) {
        self.cmd("POST", &format!("/element/{}/click", e.0), json!({}));
    }

    /// Chooses the option of a `<select>` with `value` (clicking it).
    pub fn select(&self, css: &str, value: &str) {
        let opt = self.find(&format!("{css} option[value=\"{value}\"]"));
        self.click(&self.find(css));
        self.click(&opt);
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns its value.
    pub fn js(&self, script: &str, args: Value) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            json!({ "script": script, "args": args }),
        )
    }

    /// Waits until `script` returns a truthy value; returns it.
    pub fn wait_js(&self, script: &str, timeout: Duration) -> Value {
        wait_for(timeout, || {
            let v = self.js(script, json!([]));
            let truthy = !(v.is_null()
                || v == Value::Bool(false)
                || v == json!("")
                || v == json!(0));
            truthy.then_some(v)
        })
        .unwrap_or_else(|| {
            let status = self.js(
                "const s = document.getElementById('status'); return s ? s.dataset.state + ': ' + s.textContent : '';",
                json!([]),
            );
            panic!("timed out after {timeout:?} waiting for `{script}` (status {status})")
        })
    }

    /// Saves a PNG screenshot of the window to `target/screenshots/NAME.png`.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        let v = self.cmd("GET", "/screenshot", Value::Null);
        let png = base64_decode(v.as_str().unwrap_or_default());
        let dir = root().join("target/screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ends the session (ChromeDriver closes Chromium); the driver is killed after.
        let _ = agent()
            .delete(&format!("{}/session/{}", self.driver, self.session))
            .call();
    }
}

/// Polls `f` every 50 ms until it returns `Some` or `timeout` passes.
pub fn wait_for<T>(timeout: Duration, mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let end = Instant::now() + timeout;
    loop {
        if let Some(v) = f() {
            return Some(v);
        }
        if Instant::now() >= end {
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Standard base64 (the WebDriver screenshot encoding).
pub fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(val) {
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// The CLI's CNY formatting (rounded, thousands separated) — what the pages show.
pub fn cny(x: f64) -> String {
    seatplan::report::cny(x)
}

/// Sends `POST path` announcing a `Content-Length` of `length` bytes without sending them, and
/// reads the answer: how a server refuses an oversize upload before reading it.
pub fn post_announcing(base: &str, path: &str, length: usize) -> (u16, String) {
    use std::io::{Read, Write};
    let addr = base.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// The planned view's roster as a CSV (`agent,date,shift,pool`), rows by agent id then date
/// (the order `seatplan roster` writes).
pub fn grid_csv(view: &Value) -> String {
    let dates: Vec<&str> = view["dates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    let mut rows = Vec::new();
    for a in view["agents"].as_array().unwrap() {
        for (d, c) in a["days"].as_array().unwrap().iter().enumerate() {
            if !c.is_null() {
                rows.push((
                    a["id"].as_str().unwrap().to_string(),
                    dates[d].to_string(),
                    c["shift"].as_str().unwrap().to_string(),
                    c["pool"].as_str().unwrap().to_string(),
                ));
            }
        }
    }
    rows.sort();
    let mut csv = String::from("agent,date,shift,pool\n");
    for (a, d, s, p) in rows {
        csv.push_str(&format!("{a},{d},{s},{p}\n"));
    }
    csv
}
