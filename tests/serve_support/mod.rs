//! Helpers for the `handbook serve` tests: run the real binary on a free port, speak HTTP/1.0 to
//! it with a minimal std `TcpStream` client, read its Server-Sent Events, and save files the way
//! editors do. Every wait is bounded, so a hung server fails a test instead of hanging it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long anything the server does may take before a test fails.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// A running `handbook serve`.
pub struct Server {
    child: Child,
    pub port: u16,
    output: Arc<Mutex<String>>,
}

impl Server {
    /// Starts `handbook --root <root> serve --port <free port> <extra…>` and waits until it serves.
    pub fn start(root: &Path, extra: &[&str]) -> Server {
        Server::start_on(root, free_port(), extra)
    }

    pub fn start_on(root: &Path, port: u16, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_handbook"))
            .arg("--root")
            .arg(root)
            .args(["serve", "--port", &port.to_string()])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the handbook binary runs");
        let output = Arc::new(Mutex::new(String::new()));
        for pipe in [Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>, Box::new(child.stderr.take().unwrap())] {
            let output = Arc::clone(&output);
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    output.lock().unwrap().push_str(&(line + "\n"));
                }
            });
        }
        let mut server = Server { child, port, output };
        server.wait_for_output("serving http://127.0.0.1:");
        let out = server.output();
        let url = out.lines().find_map(|l| l.strip_prefix("serving http://127.0.0.1:")).unwrap();
        server.port = url.split('/').next().unwrap().parse().expect("a port in the serving line");
        server
    }

    /// Everything the server printed so far, stdout and stderr interleaved by line.
    pub fn output(&self) -> String {
        self.output.lock().unwrap().clone()
    }

    /// Waits until the output contains `needle`; panics with the output after [`PATIENCE`].
    pub fn wait_for_output(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let out = self.output();
            if out.contains(needle) {
                return out;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("handbook serve exited ({status}) before printing {needle:?}:\n{out}");
            }
            assert!(Instant::now() < deadline, "no {needle:?} in the output of handbook serve:\n{out}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn get(&self, path: &str) -> Response {
        get(self.port, path)
    }

    /// Opens the event stream as a page with `token` does.
    pub fn events(&self, token: &str) -> Events {
        let mut stream = connect(self.port);
        write!(stream, "GET /__handbook/events?since={token} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        stream.set_read_timeout(Some(Duration::from_millis(100))).unwrap();
        Events { stream, buf: String::new(), headers_done: false }
    }

    /// Stops the server as Ctrl-C does and returns how it exited.
    #[cfg(unix)]
    pub fn interrupt(&mut self) -> ExitStatus {
        let sent = Command::new("kill").arg("-INT").arg(self.child.id().to_string()).status().unwrap();
        assert!(sent.success(), "kill -INT works");
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "handbook serve did not stop on SIGINT:\n{}", self.output());
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn connect(port: u16) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", port)).expect("the server accepts connections");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The live-reload token of a served page.
    pub fn token(&self) -> String {
        let start = self.body.find("data-token=\"").expect("the page has the live-reload script") + "data-token=\"".len();
        self.body[start..].split('"').next().unwrap().to_string()
    }
}

/// `GET <path>` with the path sent exactly as given (no normalisation of `..`).
pub fn get(port: u16, path: &str) -> Response {
    let mut stream = connect(port);
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("the server answers");
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").expect("a response head");
    let mut lines = head.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Response { status, headers, body: body.to_string() }
}

/// An open Server-Sent Events stream.
pub struct Events {
    stream: TcpStream,
    buf: String,
    headers_done: bool,
}

impl Events {
    /// The next event as `(name, data)`; keep-alive comments are skipped. Panics after [`PATIENCE`].
    pub fn next(&mut self) -> (String, String) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if !self.headers_done {
                if let Some(end) = self.buf.find("\r\n\r\n") {
                    assert!(self.buf.contains("text/event-stream"), "{}", self.buf);
                    self.buf.drain(..end + 4);
                    self.headers_done = true;
                }
            }
            if self.headers_done {
                while let Some(end) = self.buf.find("\n\n") {
                    let block: String = self.buf.drain(..end + 2).collect();
                    let field = |name: &str| block.lines().find_map(|l| l.strip_prefix(name)).map(str::to_string);
                    if let Some(event) = field("event: ") {
                        return (event, field("data: ").unwrap_or_default());
                    }
                }
            }
            assert!(Instant::now() < deadline, "no event within {PATIENCE:?}; got so far: {:?}", self.buf);
            let mut chunk = [0u8; 4096];
            match self.stream.read(&mut chunk) {
                Ok(0) => panic!("the event stream closed; got so far: {:?}", self.buf),
                Ok(n) => self.buf.push_str(&String::from_utf8_lossy(&chunk[..n])),
                Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
                Err(e) => panic!("reading the event stream: {e}"),
            }
        }
    }

    /// The next event, which must be `name`; returns its data.
    pub fn expect(&mut self, name: &str) -> String {
        let (event, data) = self.next();
        assert_eq!(event, name, "expected a {name} event, got {event}: {data}");
        data
    }
}

/// Saves like vim: probes with a `4913` file, keeps a swap file, renames the original to a
/// `~` backup, writes a new file and removes the backup.
pub fn save_like_vim(path: &Path, text: &str) {
    let dir = path.parent().unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let swap = dir.join(format!(".{name}.swp"));
    std::fs::write(&swap, b"vim swap").unwrap();
    std::fs::write(dir.join("4913"), b"").unwrap();
    std::fs::remove_file(dir.join("4913")).unwrap();
    let backup = dir.join(format!("{name}~"));
    std::fs::rename(path, &backup).unwrap();
    std::fs::write(path, text).unwrap();
    std::fs::remove_file(&backup).unwrap();
    std::fs::remove_file(&swap).unwrap();
}

/// Saves atomically: writes a new file beside the target and renames it over the target.
pub fn save_by_rename(path: &Path, text: &str) {
    let tmp: PathBuf = path.with_extension("md.tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// Saves as `sed -i`, Kate and other editors do: writes a temporary file with a name of its own
/// (not one the watcher ignores) beside the target and renames it over the target.
pub fn save_through_temporary(path: &Path, text: &str) {
    let tmp = path.with_file_name("sedX1b2c3");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// Saves like VS Code: truncates the file in place and writes it in pieces.
pub fn save_in_place(path: &Path, text: &str) {
    let mut file = std::fs::OpenOptions::new().write(true).truncate(true).open(path).unwrap();
    let half = text.char_indices().map(|(i, _)| i).find(|&i| i >= text.len() / 2).unwrap_or(0);
    file.write_all(text[..half].as_bytes()).unwrap();
    file.flush().unwrap();
    file.write_all(text[half..].as_bytes()).unwrap();
}
