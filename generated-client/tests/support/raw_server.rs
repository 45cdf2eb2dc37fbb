//! A loopback HTTP/1.1 server that can misbehave at the byte level.
//!
//! wiremock answers with well-formed, fully buffered responses; the faults here need what it cannot do: reset a
//! connection before or in the middle of a body, stream a body far larger than memory, trickle a body slower than
//! the client's timeout. So this server writes responses by hand. Every connection stops by itself: when the
//! client hangs up, or after `MAX_CONNECTION_TIME`.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// No connection lives longer than this, whatever a reply asks for.
const MAX_CONNECTION_TIME: Duration = Duration::from_secs(20);

/// The parts of a request a responder looks at.
#[derive(Debug, Clone)]
pub struct RawRequest {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    pub headers: Vec<(String, String)>,
}

impl RawRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn query(&self, name: &str) -> Option<String> {
        let url = url::Url::parse(&format!("http://x{}", self.target)).ok()?;
        url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
    }

    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }
}

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A well-formed response with `Content-Length`; the connection stays open for the next request.
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// `len` bytes of body: `start` then `fill` repeated. Declared with `Content-Length`, or sent chunked. Stops
    /// when the client hangs up.
    Huge {
        status: u16,
        start: Vec<u8>,
        fill: u8,
        len: u64,
        declare_length: bool,
    },
    /// Reset the connection without answering.
    ResetBeforeHead,
    /// Declare `declared` bytes of body, send `sent`, then reset.
    ResetMidBody {
        status: u16,
        sent: Vec<u8>,
        declared: usize,
    },
    /// Send the head and then the body one byte every `every`.
    Trickle {
        status: u16,
        body: Vec<u8>,
        every: Duration,
    },
}

impl Reply {
    pub fn json(status: u16, body: &serde_json::Value) -> Reply {
        Reply::Full {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string().into_bytes(),
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        if let Reply::Full { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }
}

/// A running server. Dropping it stops accepting; open connections end by themselves.
pub struct RawServer {
    pub base_url: String,
    requests: Arc<AtomicU64>,
    body_bytes_written: Arc<AtomicU64>,
    accept: tokio::task::JoinHandle<()>,
}

impl RawServer {
    pub async fn start<F>(responder: F) -> RawServer
    where
        F: Fn(&RawRequest) -> Reply + Send + Sync + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let base_url = format!("http://{}/", listener.local_addr().unwrap());
        let responder = Arc::new(responder);
        let requests = Arc::new(AtomicU64::new(0));
        let body_bytes_written = Arc::new(AtomicU64::new(0));
        let (counter, written) = (requests.clone(), body_bytes_written.clone());
        let accept = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (responder, counter, written) = (responder.clone(), counter.clone(), written.clone());
                tokio::spawn(async move {
                    let serve = serve(stream, &*responder, &counter, &written);
                    let _ = tokio::time::timeout(MAX_CONNECTION_TIME, serve).await;
                });
            }
        });
        RawServer {
            base_url,
            requests,
            body_bytes_written,
            accept,
        }
    }

    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::SeqCst)
    }

    /// Body bytes the server managed to write before clients hung up.
    pub fn body_bytes_written(&self) -> u64 {
        self.body_bytes_written.load(Ordering::SeqCst)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

async fn serve<F>(mut stream: TcpStream, responder: &F, counter: &AtomicU64, written: &AtomicU64)
where
    F: Fn(&RawRequest) -> Reply,
{
    let mut buffer = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buffer).await else {
            return;
        };
        counter.fetch_add(1, Ordering::SeqCst);
        let keep_open = match responder(&request) {
            Reply::Full { status, headers, body } => {
                let mut head = head(status, &headers);
                head.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
                let ok = write(&mut stream, head.as_bytes()).await && write(&mut stream, &body).await;
                if ok {
                    written.fetch_add(body.len() as u64, Ordering::SeqCst);
                }
                ok
            }
            Reply::Huge {
                status,
                start,
                fill,
                len,
                declare_length,
            } => {
                send_huge(&mut stream, status, &start, fill, len, declare_length, written).await;
                false
            }
            Reply::ResetBeforeHead => {
                let _ = stream.set_zero_linger();
                false
            }
            Reply::ResetMidBody { status, sent, declared } => {
                let mut head = head(status, &[("content-type".into(), "application/json".into())]);
                head.push_str(&format!("content-length: {declared}\r\n\r\n"));
                if write(&mut stream, head.as_bytes()).await && write(&mut stream, &sent).await {
                    written.fetch_add(sent.len() as u64, Ordering::SeqCst);
                }
                let _ = stream.flush().await;
                let _ = stream.set_zero_linger();
                false
            }
            Reply::Trickle { status, body, every } => {
                let mut head = head(status, &[("content-type".into(), "application/json".into())]);
                head.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
                if write(&mut stream, head.as_bytes()).await {
                    for byte in body {
                        tokio::time::sleep(every).await;
                        if !write(&mut stream, &[byte]).await {
                            break;
                        }
                        written.fetch_add(1, Ordering::SeqCst);
                    }
                }
                false
            }
        };
        if !keep_open {
            return;
        }
    }
}

fn head(status: u16, headers: &[(String, String)]) -> String {
    let mut head = format!("HTTP/1.1 {status} Whatever\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head
}

async fn send_huge(
    stream: &mut TcpStream,
    status: u16,
    start: &[u8],
    fill: u8,
    len: u64,
    declare_length: bool,
    written: &AtomicU64,
) {
    let mut head = head(status, &[("content-type".into(), "application/json".into())]);
    if declare_length {
        head.push_str(&format!("content-length: {len}\r\n\r\n"));
    } else {
        head.push_str("transfer-encoding: chunked\r\n\r\n");
    }
    if !write(stream, head.as_bytes()).await {
        return;
    }
    let block = vec![fill; 64 * 1024];
    let mut left = len;
    let mut first = Some(start);
    let started = Instant::now();
    while left > 0 && started.elapsed() < MAX_CONNECTION_TIME {
        let data = match first.take() {
            Some(start) if !start.is_empty() => &start[..start.len().min(left as usize)],
            _ => &block[..block.len().min(usize::try_from(left).unwrap_or(usize::MAX))],
        };
        let ok = if declare_length {
            write(stream, data).await
        } else {
            write(stream, format!("{:x}\r\n", data.len()).as_bytes()).await
                && write(stream, data).await
                && write(stream, b"\r\n").await
        };
        if !ok {
            return;
        }
        written.fetch_add(data.len() as u64, Ordering::SeqCst);
        left -= data.len() as u64;
    }
    if !declare_length {
        let _ = write(stream, b"0\r\n\r\n").await;
    }
}

async fn write(stream: &mut TcpStream, bytes: &[u8]) -> bool {
    stream.write_all(bytes).await.is_ok()
}

/// Read one request head (and its body, if it declares one). `None` when the client closed the connection.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<RawRequest> {
    let end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        if buffer.len() > 64 * 1024 {
            return None;
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok().filter(|n| *n > 0)?;
        buffer.extend_from_slice(&chunk[..n]);
    };
    let text = String::from_utf8_lossy(&buffer[..end]).into_owned();
    buffer.drain(..end + 4);
    let mut lines = text.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let request = RawRequest {
        method,
        target,
        headers,
    };
    let body_len: usize = request
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    while buffer.len() < body_len {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok().filter(|n| *n > 0)?;
        buffer.extend_from_slice(&chunk[..n]);
    }
    buffer.drain(..body_len);
    Some(request)
}
