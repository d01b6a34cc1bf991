//! `factline serve`: an SSH server where every connection browses the same read-only store in its own TUI
//! session. A kiosk and nothing more: no command, file, subsystem or forwarding is reachable through it.

mod admission;
mod auth;
mod backend;
mod config;
mod connection;
mod farewell;
mod hostkey;
mod input;
mod key_options;
mod limits;
mod log;
mod session;

use std::io;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossterm::event::Event;
use ratatui::Frame;
use russh::server::Config;
use russh::{MethodKind, MethodSet, SshId};
use tokio::net::{TcpListener, TcpStream};
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep_until, timeout};

pub use config::ServeArgs;

use crate::search::SearchIndex;
use crate::store::Store;
use crate::tui::{App, Browser, Theme};
use admission::{Admission, Progress, Refusal, Ticket, Watched};
use auth::Access;
use connection::{Closer, Connection, ScreenFactory, Shared};
use hostkey::HostKey;
use limits::{RateLimiter, Slots};
use log::{Ending, Log, Record};
use session::Screen;

/// Sessions still open at shutdown get this long to say goodbye before the process exits anyway.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(5);
/// After the shutdown message, a client that keeps its connection open is disconnected after this long.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);
/// Refused connections being told why at once; beyond this, a flood is closed with one plain line.
const FAREWELLS: usize = 64;

/// The version line the server sends, also on connections it turns away.
fn server_id() -> String {
    format!("SSH-2.0-factline_{}", env!("CARGO_PKG_VERSION"))
}

impl Screen for Browser {
    fn handle_event(&mut self, event: &Event) -> bool {
        Browser::handle_event(self, event)
    }

    fn should_quit(&self) -> bool {
        Browser::should_quit(self)
    }

    fn draw(&mut self, frame: &mut Frame) {
        Browser::draw(self, frame);
    }
}

/// Starts the server and runs until Ctrl-C or SIGTERM. Errors are about starting (key files, binding).
pub fn run(store: Arc<Store>, args: ServeArgs) -> io::Result<()> {
    if args.max_connections < args.max_sessions {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "--max-connections {} is below --max-sessions {}: every session needs its own connection",
                args.max_connections, args.max_sessions
            ),
        ));
    }
    let access = match (&args.authorized_keys, args.open) {
        (Some(path), _) => {
            let (access, left_out) = Access::from_authorized_keys(path)?;
            for note in left_out {
                eprintln!("factline serve: {}: {note}", path.display());
            }
            access
        }
        (None, true) => Access::Open,
        (None, false) => {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "give --authorized-keys FILE or --open"));
        }
    };
    let host_key_path = match &args.host_key {
        Some(path) => path.clone(),
        None => hostkey::default_path()?,
    };
    let host_key = hostkey::load_or_create(&host_key_path)?;
    // crossterm drops every colour when the *server's* NO_COLOR is set; here each client's terminal decides,
    // through its session's theme, so the process-wide switch stays off.
    crossterm::style::Colored::set_ansi_color_disabled(false);
    let search = Arc::new(SearchIndex::new(&store));
    // One article index for every session, built while the server starts listening.
    let text = crate::tui::SharedTextIndex::default();
    crate::tui::build_text_index_in_background(Arc::clone(&store), Arc::clone(&text));
    let screens: ScreenFactory = Arc::new(move |no_color| {
        let app = App::new(Arc::clone(&store), Arc::clone(&search)).with_text_index(Arc::clone(&text));
        // The client's terminal decides, not the NO_COLOR of whoever started the server.
        Box::new(Browser::new(app, Theme::new(no_color)))
    });
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(serve(args, access, host_key, &host_key_path, screens))
}

async fn serve(
    args: ServeArgs,
    access: Access,
    host_key: HostKey,
    host_key_path: &Path,
    screens: ScreenFactory,
) -> io::Result<()> {
    let listener = TcpListener::bind(args.listen).await?;
    let bound = listener.local_addr()?;
    announce(&args, &access, &host_key, host_key_path, bound);

    let config = Arc::new(ssh_config(&args, &access, host_key));
    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    let shared = Arc::new(Shared {
        access,
        sessions: Slots::new(args.max_sessions),
        screens,
        shutdown: shutdown_rx,
        idle_timeout: args.idle_timeout,
        max_session: args.max_session,
    });
    let admission = Admission::new(args.max_connections, args.max_sessions, args.max_handshakes_per_address);
    let rate = RateLimiter::new(args.rate_per_minute, Duration::from_secs(60));
    let (log, log_writer) = Log::start();
    let farewells = Arc::new(tokio::sync::Semaphore::new(FAREWELLS));
    let connections_total = args.max_connections;
    let mut tasks = JoinSet::new();
    // Created once, before the loop, so a signal arriving between two polls is not lost.
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;

    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (socket, peer) = match accepted {
                    Ok(accepted) => accepted,
                    // Out of file descriptors and the like: keep serving the sessions we have, and do not spin.
                    Err(_) => {
                        tokio::time::sleep(ACCEPT_BACKOFF).await;
                        continue;
                    }
                };
                if !rate.admit(peer.ip(), std::time::Instant::now()) {
                    turn_away(socket, &farewells, &log, peer, "rate-limit", "too many connections from your address".into());
                    continue;
                }
                let ticket = match admission.admit(peer.ip()) {
                    Ok(ticket) => Arc::new(ticket),
                    Err(Refusal::FromYourAddress) => {
                        turn_away(socket, &farewells, &log, peer, "handshakes-per-address", "too many connections from your address".into());
                        continue;
                    }
                    Err(Refusal::Busy) => {
                        let message = "the server is busy with connections that are logging in".to_string();
                        turn_away(socket, &farewells, &log, peer, "busy", message);
                        continue;
                    }
                    Err(Refusal::Full) => {
                        let message = format!("the server is full ({connections_total} of {connections_total} connections in use)");
                        turn_away(socket, &farewells, &log, peer, "too-many-connections", message);
                        continue;
                    }
                };
                let (shared, config, log) = (Arc::clone(&shared), Arc::clone(&config), log.clone());
                let login_grace = args.login_grace;
                tasks.spawn(async move {
                    serve_connection(shared, config, socket, peer, ticket, login_grace, &log).await;
                });
            }
            Some(_) = tasks.join_next() => {}
            _ = interrupt.recv() => break,
            _ = terminate.recv() => break,
        }
    }

    drop(listener);
    eprintln!(
        "factline serve: shutting down; closing {} session(s) and {} connection(s)",
        shared.sessions.in_use(),
        tasks.len()
    );
    let _ = shutdown_tx.send(true);
    if timeout(DRAIN_TIMEOUT, async { while tasks.join_next().await.is_some() {} }).await.is_err() {
        tasks.abort_all();
    }
    drop(log);
    let _ = log_writer.join();
    eprintln!("factline serve: stopped");
    Ok(())
}

fn announce(args: &ServeArgs, access: &Access, host_key: &HostKey, host_key_path: &Path, bound: SocketAddr) {
    eprintln!("factline serve: listening on {bound}");
    let origin = if host_key.created { "new, saved to" } else { "from" };
    eprintln!("factline serve: host key {} ({origin} {})", host_key.fingerprint(), host_key_path.display());
    match access {
        Access::Open => {
            eprintln!(
                "factline serve: WARNING: --open: ANYONE who can reach {bound} may browse anonymously (read-only)"
            );
        }
        Access::Keys(keys) => eprintln!(
            "factline serve: {} authorized key(s) from {}",
            keys.len(),
            args.authorized_keys.as_deref().map_or_else(String::new, |p| p.display().to_string())
        ),
    }
    eprintln!(
        "factline serve: at most {} sessions, idle timeout {}, session cap {}; connect with: ssh -t -p {} {}",
        args.max_sessions,
        config::human(args.idle_timeout),
        config::human(args.max_session),
        bound.port(),
        connect_to(bound.ip(), this_host().as_deref())
    );
}

/// The host a client should name: the listening address, unless that is "every address"
/// (`0.0.0.0`, `::`), which no client can connect to; then this machine's name.
fn connect_to(bound: IpAddr, host_name: Option<&str>) -> String {
    if !bound.is_unspecified() {
        return bound.to_string();
    }
    host_name.map_or_else(|| "<this-host>".to_string(), str::to_string)
}

/// This machine's host name, when it is one a client could type.
fn this_host() -> Option<String> {
    // The kernel's own copy (at most 64 bytes): no unsafe gethostname call, no extra dependency.
    let name = std::fs::read_to_string("/proc/sys/kernel/hostname").ok()?;
    let name = name.trim();
    let typable =
        !name.is_empty() && name != "(none)" && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    typable.then(|| name.to_string())
}

fn ssh_config(args: &ServeArgs, access: &Access, host_key: HostKey) -> Config {
    let method = if access.is_open() { MethodKind::None } else { MethodKind::PublicKey };
    Config {
        server_id: SshId::Standard(server_id().into()),
        methods: MethodSet::from(&[method][..]),
        auth_rejection_time: args.auth_delay,
        // Clients probe with "none" first to learn the methods; answering that at once is not a leak.
        auth_rejection_time_initial: Some(Duration::ZERO),
        keys: vec![host_key.key],
        // russh counts the client's opening "none" probe as a rejection; OpenSSH's MaxAuthTries does not, and
        // neither do we: N means N keys tried.
        max_auth_attempts: args.max_auth_attempts as usize + usize::from(!access.is_open()),
        // A backstop for connections without a live session; sessions enforce their own idle timeout.
        inactivity_timeout: Some(args.idle_timeout + Duration::from_secs(60)),
        nodelay: true,
        ..Config::default()
    }
}

/// Tells a connection we will not serve why, in a way SSH clients show, without holding up the accept loop.
fn turn_away(
    socket: TcpStream,
    farewells: &Arc<tokio::sync::Semaphore>,
    log: &Log,
    peer: SocketAddr,
    why: &str,
    message: String,
) {
    let record = Record { peer: Some(peer), ending: Some(Ending::Refused(why.to_string())), ..Record::default() };
    log.line(record.line(Duration::ZERO));
    let message = format!("{message}; please try again later");
    match Arc::clone(farewells).try_acquire_owned() {
        Ok(permit) => {
            tokio::spawn(async move {
                farewell::say(socket, &server_id(), &message).await;
                drop(permit);
            });
        }
        Err(_) => {
            let _ = socket.try_write(format!("factline: {message}\r\n").as_bytes());
        }
    }
}

async fn serve_connection(
    shared: Arc<Shared>,
    config: Arc<Config>,
    socket: TcpStream,
    peer: SocketAddr,
    ticket: Arc<Ticket>,
    login_grace: Duration,
    log: &Log,
) {
    let started = Instant::now();
    let record = Arc::new(Mutex::new(Record { peer: Some(peer), ..Record::default() }));
    let lock = || record.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let (socket, closer) = match Closer::new(socket) {
        Ok(split) => split,
        Err(_) => {
            lock().end(Ending::Refused("socket-error".into()));
            log.line(lock().line(started.elapsed()));
            return;
        }
    };
    let handler = Connection::new(Arc::clone(&shared), Arc::clone(&record), closer.clone(), Arc::clone(&ticket));
    // The handshake itself is bounded too: a client that connects and says nothing is dropped.
    let handshake = tokio::select! {
        done = timeout(login_grace, russh::server::run_stream(config, Watched::new(socket, Arc::clone(&ticket)), handler)) => Some(done),
        () = ticket.evicted() => None,
    };
    match handshake {
        None => {
            lock().end(Ending::Refused("evicted".into()));
            closer.close();
        }
        Some(Err(_)) => lock().end(Ending::Refused("login-timeout".into())),
        Some(Ok(Err(_))) => lock().end(Ending::Refused("handshake-failed".into())),
        Some(Ok(Ok(mut running))) => {
            ticket.advance(Progress::Spoke);
            let handle = running.handle();
            let mut shutdown = shared.shutdown.clone();
            let grace = started + login_grace;
            let mut disconnect_at: Option<Instant> = None;
            let mut stopping = false;
            let mut grace_checked = false;
            let mut evicted = false;
            loop {
                tokio::select! {
                    _ = &mut running => break,
                    // Made room for a newer connection before logging in: a stranger gets no goodbye.
                    () = ticket.evicted(), if !evicted => {
                        evicted = true;
                        if !ticket.is_logged_in() {
                            lock().end(Ending::Refused("evicted".into()));
                            closer.close();
                        }
                    }
                    _ = sleep_until(grace), if !grace_checked => {
                        grace_checked = true;
                        if !lock().session {
                            lock().end(Ending::Refused("login-timeout".into()));
                            disconnect_at = Some(Instant::now());
                        }
                    }
                    _ = session::stopped(&mut shutdown), if !stopping => {
                        stopping = true;
                        let session = lock().session;
                        if !session {
                            lock().end(Ending::ServerShutdown);
                        }
                        // A session says goodbye itself; give its client a moment to leave on its own.
                        let delay = if session { SHUTDOWN_GRACE } else { Duration::ZERO };
                        disconnect_at = Some(disconnect_at.map_or(Instant::now() + delay, |at| at.min(Instant::now() + delay)));
                    }
                    _ = sleep_until(disconnect_at.unwrap_or(grace)), if disconnect_at.is_some() => {
                        disconnect_at = None;
                        tokio::spawn(connection::hang_up(handle.clone(), closer.clone()));
                    }
                }
            }
        }
    }
    log.line(lock().line(started.elapsed()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_start_line_names_a_host_a_client_can_reach() {
        let any: IpAddr = "0.0.0.0".parse().unwrap();
        let any6: IpAddr = "::".parse().unwrap();
        assert_eq!(connect_to(any, Some("newsroom-01")), "newsroom-01");
        assert_eq!(connect_to(any6, Some("newsroom-01")), "newsroom-01");
        assert_eq!(connect_to(any, None), "<this-host>");
        assert_eq!(connect_to("192.0.2.7".parse().unwrap(), Some("newsroom-01")), "192.0.2.7");
        assert_eq!(connect_to("::1".parse().unwrap(), None), "::1");
    }
}
