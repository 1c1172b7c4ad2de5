//! Signing in: the authorize URL for the system browser, the flows waiting
//! for their answer (verifier and `state` in memory only, single-use, with
//! an expiry), and completing one from the answer: exchange the code, ask
//! the provider who the grant covers, hand it to [`Connections`].
//!
//! A loopback flow's listener lives exactly as long as its flow: when the
//! flow is taken, expires, gives way to a newer one or is cancelled, its
//! listener is told to stop and forgotten.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, UNIX_EPOCH};

use url::Url;

use super::using::Connections;
use super::{ClientSecrets, ConnectError};
use crate::channel::Channel;
use crate::connections::metadata::ConnectionMeta;
use crate::connections::session::Clock;
use crate::connections::ConnectionSource;
use crate::oauth::authorize::{authorize_url, AuthorizeRequest};
use crate::oauth::callback::{self, Callback};
use crate::oauth::flow::{FlowError, FlowRegistry, FlowTime, FLOW_TTL};
use crate::oauth::loopback::{LoopbackError, LoopbackWait};
use crate::oauth::pkce::FlowSecrets;
use crate::oauth::token_client::{CodeExchange, TokenClient};
use crate::providers::account_api::identify_checked;
use crate::providers::{ProviderDefinition, RedirectMode, Registry};

/// A started sign-in: the URL for the browser and, in loopback mode, the
/// listener that will receive the answer.
pub struct Started {
    pub authorize_url: Url,
    pub loopback: Option<LoopbackAnswer>,
}

/// The loopback listener of one flow; `SignIn::cancel` ends it.
pub struct LoopbackAnswer {
    wait: LoopbackWait,
    cancel: tokio::sync::oneshot::Receiver<()>,
}

impl LoopbackAnswer {
    /// The callback URL once the browser reaches the listener.
    pub async fn received(self) -> Result<Url, LoopbackError> {
        self.wait.wait(FLOW_TTL, self.cancel).await
    }
}

/// Stops one flow's loopback listener.
struct LoopbackStop {
    provider: String,
    stop: tokio::sync::oneshot::Sender<()>,
}

pub struct SignIn {
    registry: Arc<Registry>,
    connections: Arc<Connections>,
    channel: Channel,
    scheme: String,
    /// The listeners of pending loopback flows, by the flow's state. An
    /// entry goes when its flow does (taken, expired, evicted, cancelled),
    /// and the listener is told to stop then.
    loopback_stops: Mutex<HashMap<String, LoopbackStop>>,
    flows: Mutex<FlowRegistry>,
    tokens: TokenClient,
    secrets: ClientSecrets,
    clock: Clock,
}

impl SignIn {
    pub(super) fn new(
        channel: Channel,
        registry: Arc<Registry>,
        connections: Arc<Connections>,
        tokens: TokenClient,
        secrets: ClientSecrets,
        clock: Clock,
    ) -> Self {
        Self {
            registry,
            connections,
            scheme: channel.scheme().to_owned(),
            channel,
            loopback_stops: Mutex::default(),
            flows: Mutex::default(),
            tokens,
            secrets,
            clock,
        }
    }

    /// Where the browser sends the user back for `def`.
    pub fn redirect_uri(&self, def: &ProviderDefinition) -> Url {
        let text = match def.redirect_mode {
            RedirectMode::DeepLink => format!("{}:/oauth/{}", self.scheme, def.id),
            // The relay page serves debug builds under /relay/debug/ so it can
            // forward to their own scheme (relay/README.md).
            RedirectMode::HttpsRelay => def
                .relay_url
                .as_ref()
                .map(|u| match self.channel {
                    Channel::Release => u.to_string(),
                    Channel::Debug => u.as_str().replacen("/relay/", "/relay/debug/", 1),
                })
                .unwrap_or_default(),
            RedirectMode::Loopback => {
                return loopback_redirect(def, def.loopback_port.unwrap_or_default())
            }
        };
        Url::parse(&text).expect("redirect URIs are built from validated parts")
    }

    /// Where the answer to `def`'s sign-in arrives: its loopback listener,
    /// or this build's deep link (the relay forwards to it).
    /// (A loopback flow's answer arrives where it was redirected: the port
    /// it bound, which `start` knows.)
    fn answer_at(&self, def: &ProviderDefinition) -> Url {
        match def.redirect_mode {
            RedirectMode::DeepLink | RedirectMode::Loopback => self.redirect_uri(def),
            RedirectMode::HttpsRelay => Url::parse(&format!("{}:/oauth/{}", self.scheme, def.id))
                .expect("deep links are built from validated parts"),
        }
    }

    /// Starts a sign-in: the URL for the system browser, and in loopback
    /// mode the listener (bound now, so a busy port fails before the browser
    /// opens).
    pub async fn start(
        &self,
        provider: &str,
        organization: Option<String>,
    ) -> Result<Started, ConnectError> {
        let def = self.registry.definition(provider)?;
        // From the page, and it goes into the authorize URL and, later, the
        // keychain account and API paths.
        if let Some(organization) = &organization {
            crate::validate::id("organization", organization)?;
        }
        // No secret needed through a broker, for a public client, or with
        // the implicit grant (which never authenticates the client).
        if def.needs_client_secret() && !self.secrets.is_set(def).await? {
            return Err(ConnectError::MissingClientSecret(def.display_name.clone()));
        }
        let mut redirect = self.redirect_uri(def);
        let mut answer_at = self.answer_at(def);
        let secrets = FlowSecrets::random();
        let now = self.flow_time();
        // Expired flows go first: one may still hold the loopback port.
        let expired = self.lock_flows().expire(now);
        let freed = self.stop_listeners(&expired);
        let loopback = match def.redirect_mode {
            RedirectMode::Loopback => {
                // The listener takes as the answer only a request with this state.
                let wait = bind_first_free(def, &secrets.state, freed).await?;
                redirect = wait.redirect().clone();
                answer_at = redirect.clone();
                let (stop, cancel) = tokio::sync::oneshot::channel();
                self.lock_stops().insert(
                    secrets.state.clone(),
                    LoopbackStop {
                        provider: def.id.clone(),
                        stop,
                    },
                );
                Some(LoopbackAnswer { wait, cancel })
            }
            _ => None,
        };
        let flow = self.lock_flows().start(
            &def.id,
            redirect.clone(),
            answer_at,
            organization.clone(),
            secrets,
            now,
        );
        self.stop_listeners(&flow.dropped);
        let (state, challenge) = (flow.state, flow.challenge);
        let authorize_url = authorize_url(
            def,
            &AuthorizeRequest {
                redirect_uri: &redirect,
                state: &state,
                code_challenge: def.pkce.then_some(challenge.as_str()),
                organization: organization.as_deref(),
            },
        );
        Ok(Started {
            authorize_url,
            loopback,
        })
    }

    /// Drops the provider's pending sign-ins (the user pressed Cancel).
    pub fn cancel(&self, provider: &str) -> usize {
        let gone: HashMap<_, _> = {
            let mut stops = self.lock_stops();
            let (gone, kept) = std::mem::take(&mut *stops)
                .into_iter()
                .partition(|(_, l)| l.provider == provider);
            *stops = kept;
            gone
        };
        for l in gone.into_values() {
            let _ = l.stop.send(());
        }
        self.lock_flows().cancel(provider)
    }

    /// Tells the listeners of these flows to stop; whether there was any.
    fn stop_listeners(&self, states: &[String]) -> bool {
        let mut stops = self.lock_stops();
        let mut any = false;
        for state in states {
            if let Some(l) = stops.remove(state) {
                // Already gone when the listener ended by itself: fine.
                let _ = l.stop.send(());
                any = true;
            }
        }
        any
    }

    fn lock_flows(&self) -> std::sync::MutexGuard<'_, FlowRegistry> {
        self.flows.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn lock_stops(&self) -> std::sync::MutexGuard<'_, HashMap<String, LoopbackStop>> {
        self.loopback_stops
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    }

    /// Now on both clocks; the wall clock is the connector's (tests move it).
    fn flow_time(&self) -> FlowTime {
        FlowTime {
            monotonic: Instant::now(),
            wall: UNIX_EPOCH + Duration::from_secs((self.clock)()),
        }
    }

    /// The address the browser ended on, pasted by the user because it could
    /// not come back by itself (a browser that does not open the scheme, a
    /// loopback listener on another machine over SSH). Taken only as the
    /// answer of `provider`'s waiting sign-in: its deep-link, loopback or
    /// relay form, with a waiting flow's state, passing the same strict
    /// parse as a link. Returns the URL where that flow expects its answer,
    /// for [`Self::complete`]. Anything else is refused, naming the field,
    /// with a reason the user can act on, and no flow is touched: unlike a
    /// link, a paste is the user talking, so it is never ignored quietly.
    pub fn pasted_answer(&self, provider: &str, text: &str) -> Result<Url, ConnectError> {
        const MAX_PASTE: usize = 8 * 1024;
        let refuse = |message: &str| ConnectError::Invalid {
            field: "address",
            message: message.to_owned(),
        };
        let def = self.registry.definition(provider)?;
        let text = text.trim();
        if text.is_empty() {
            return Err(refuse(
                "Paste the whole address from your browser's address bar.",
            ));
        }
        if text.len() > MAX_PASTE {
            return Err(refuse(
                "That is far longer than a sign-in address; copy just the address bar.",
            ));
        }
        let url = Url::parse(text).map_err(|_| {
            refuse("That is not an address. Copy the whole address from your browser's address bar, from its first character to its last.")
        })?;
        let state = callback::claimed_state(&url, def.implicit_grant).ok_or_else(|| {
            refuse("That address carries no sign-in answer. Copy the address the browser shows after you approved.")
        })?;
        let at = self
            .lock_flows()
            .pasted_answer_place(&def.id, &state, &url)
            .ok_or_else(|| {
                refuse(&format!("That address is not the answer to this {} sign-in: it may be from an earlier attempt. Copy the address from the tab this sign-in opened, or start again.", def.display_name))
            })?;
        parse_answer(def, &at).map_err(|e| refuse(&format!("That address was refused: {e}.")))?;
        Ok(at)
    }

    /// Completes a sign-in from the authorization response `url`, which
    /// arrived on `provider`'s redirect path.
    ///
    /// Anything that is not the answer to a waiting sign-in (an unknown
    /// provider, no state, a state nobody waits for, a replay, an answer that
    /// came the wrong way: a deep link for a loopback flow or a loopback
    /// request for a deep-link one) is a quiet
    /// error ([`ConnectError::is_quiet`]): any web page or local program can
    /// send such a link, so it must change nothing the user sees. Only an
    /// answer carrying a waiting flow's state is parsed strictly and may
    /// end that sign-in with an error.
    pub async fn complete(
        &self,
        provider: &str,
        url: &Url,
    ) -> Result<ConnectionMeta, ConnectError> {
        let def = self
            .registry
            .definition(provider)
            .map_err(|_| ConnectError::NotAnAnswer)?;
        let claimed =
            callback::claimed_state(url, def.implicit_grant).ok_or(ConnectError::NotAnAnswer)?;
        if !self.lock_flows().is_waiting(&def.id, &claimed, url) {
            return Err(ConnectError::Flow(FlowError::NoMatchingFlow));
        }
        let answer = parse_answer(def, url)?;
        let state = answer.state().ok_or(ConnectError::Callback(
            callback::CallbackError::MissingState,
        ))?;
        let taken = self
            .lock_flows()
            .take(&def.id, state, url, self.flow_time());
        if !matches!(taken, Err(FlowError::NoMatchingFlow)) {
            // The flow is gone (answered or expired): so is its listener.
            self.stop_listeners(&[state.to_owned()]);
        }
        let flow = taken?;
        let tokens = match answer {
            Callback::Error { error, .. } => {
                return Err(ConnectError::Denied(callback::describe_error(&error)))
            }
            // Implicit grant: the token arrived in the fragment, nothing to
            // exchange, and it has no expiry or refresh token.
            Callback::Token { access_token, .. } => crate::oauth::tokens::TokenSet {
                access_token,
                refresh_token: None,
                expires_at: None,
                granted_scopes: None,
            },
            Callback::Code { code, iss, .. } => {
                if let Some(iss) = iss {
                    // RFC 9207: the issuer is the authorization server's origin.
                    if iss.trim_end_matches('/') != def.authorize_url.origin().ascii_serialization()
                    {
                        return Err(ConnectError::IssuerMismatch);
                    }
                }
                let secret = self.secrets.for_requests(def).await?;
                self.tokens
                    .exchange_code(
                        def,
                        secret.as_ref(),
                        CodeExchange {
                            code,
                            redirect_uri: &flow.redirect_uri,
                            verifier: def.pkce.then_some(&flow.verifier),
                        },
                        (self.clock)(),
                    )
                    .await?
            }
        };
        let api = self.registry.api(&def.id)?;
        let identity = identify_checked(api, &tokens.access_token, flow.organization.as_deref())
            .await?
            .ok_or(ConnectError::NoOrganization)?;
        let source = if self.registry.get(&def.id)?.is_user_defined() {
            ConnectionSource::UserDefined
        } else if def.broker_url.is_some() {
            ConnectionSource::Broker
        } else {
            ConnectionSource::OauthApp
        };
        self.connections
            .store_new(def, tokens, identity, source)
            .await
    }
}

/// The answer strictly parsed, in the fragment for the implicit grant and
/// in the query otherwise.
fn parse_answer(def: &ProviderDefinition, url: &Url) -> Result<Callback, callback::CallbackError> {
    if def.implicit_grant {
        callback::parse_implicit(url)
    } else {
        callback::parse(url)
    }
}

/// The host `def`'s loopback redirect names.
fn loopback_host(def: &ProviderDefinition) -> &'static str {
    if def.loopback_host_localhost {
        "localhost"
    } else {
        "127.0.0.1"
    }
}

/// `def`'s loopback redirect URI on `port`.
fn loopback_redirect(def: &ProviderDefinition, port: u16) -> Url {
    Url::parse(&format!(
        "http://{}:{port}/oauth/{}",
        loopback_host(def),
        def.id
    ))
    .expect("redirect URIs are built from validated parts")
}

/// Binds the listener on the first of `def`'s registered loopback ports
/// that no other program holds. When all are taken, the error names them
/// all, so the user knows what to free.
async fn bind_first_free(
    def: &ProviderDefinition,
    state: &str,
    freed: bool,
) -> Result<LoopbackWait, LoopbackError> {
    let ports = def.loopback_ports();
    for &port in &ports {
        match bind_loopback(&loopback_redirect(def, port), state, freed).await {
            Err(LoopbackError::PortInUse { port, .. }) => {
                tracing::info!(port, "loopback port taken; trying the next registered one");
            }
            bound => return bound,
        }
    }
    let host = loopback_host(def).to_owned();
    Err(match ports.as_slice() {
        [port] => LoopbackError::PortInUse { host, port: *port },
        _ => LoopbackError::PortsInUse { host, ports },
    })
}

/// Binds the loopback listener. When a listener of an older flow was just
/// told to stop, it may still hold the port for a moment: retried briefly.
async fn bind_loopback(
    redirect: &Url,
    state: &str,
    freed: bool,
) -> Result<LoopbackWait, LoopbackError> {
    let mut tries = if freed { 40 } else { 1 };
    loop {
        match LoopbackWait::bind(redirect, state).await {
            Err(LoopbackError::PortInUse { .. }) if tries > 1 => {
                tries -= 1;
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
            bound => return bound,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    use secrecy::SecretString;

    use crate::connect::Connector;
    use crate::connections::session::system_clock;
    use crate::connections::ConnectionId;
    use crate::error::AppError;
    use crate::vault::memory_store;
    use crate::vault::Keychain;

    fn connector(channel: Channel, mode: &str, service: &str, dir: &Path) -> Connector {
        memory_store::install();
        let mut def = crate::providers::supabase::definition();
        def.redirect_mode = match mode {
            "relay" => RedirectMode::HttpsRelay,
            "loopback" => RedirectMode::Loopback,
            _ => RedirectMode::DeepLink,
        };
        Connector::new(
            channel,
            vec![def],
            Keychain::new(service),
            dir,
            crate::net::client(),
            system_clock(),
        )
    }

    /// Saves the test OAuth app's client secret, as Settings would.
    async fn with_client_secret(c: &Connector) {
        c.secrets()
            .set(
                c.registry().definition("supabase").unwrap(),
                &SecretString::from("sba_test"),
            )
            .await
            .unwrap();
    }

    /// A loopback-mode connector on a free port, with a wall clock the test
    /// moves.
    async fn loopback_connector(
        service: &str,
        dir: &Path,
    ) -> (Connector, Arc<std::sync::atomic::AtomicU64>) {
        use std::sync::atomic::{AtomicU64, Ordering};
        memory_store::install();
        let port = {
            let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            probe.local_addr().unwrap().port()
        };
        let mut def = crate::providers::supabase::definition();
        def.redirect_mode = RedirectMode::Loopback;
        def.loopback_port = Some(port);
        let wall = Arc::new(AtomicU64::new(1_700_000_000));
        let clock: Clock = {
            let wall = wall.clone();
            Arc::new(move || wall.load(Ordering::SeqCst))
        };
        let c = Connector::new(
            Channel::Debug,
            vec![def.clone()],
            Keychain::new(service),
            dir,
            crate::net::client(),
            clock,
        );
        with_client_secret(&c).await;
        (c, wall)
    }

    fn state_of(started: &Started) -> String {
        started
            .authorize_url
            .query_pairs()
            .find(|(k, _)| k == "state")
            .map(|(_, v)| v.into_owned())
            .unwrap()
    }

    #[tokio::test]
    async fn a_loopback_flow_that_expires_while_the_machine_sleeps_stops_listening_and_frees_the_port(
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (c, wall) = loopback_connector("test.connect.suspend", dir.path()).await;
        let first = c.sign_in().start("supabase", None).await.unwrap();
        let first_listener = tokio::spawn(first.loopback.unwrap().received());

        // An hour of suspend: the monotonic clock barely moved, the wall clock did.
        wall.fetch_add(60 * 60, std::sync::atomic::Ordering::SeqCst);
        let second = c
            .sign_in()
            .start("supabase", None)
            .await
            .expect("the expired flow's listener gave the port back");
        assert_eq!(
            tokio::time::timeout(Duration::from_secs(5), first_listener)
                .await
                .expect("the old listener stopped")
                .unwrap()
                .unwrap_err(),
            LoopbackError::Cancelled
        );
        assert_eq!(c.sign_in().lock_flows().pending("supabase"), 1);
        assert_eq!(
            c.sign_in().lock_stops().keys().cloned().collect::<Vec<_>>(),
            [state_of(&second)],
            "only the live flow's listener is remembered"
        );
        drop(second);
        assert_eq!(c.sign_in().cancel("supabase"), 1);
        assert!(c.sign_in().lock_stops().is_empty());
    }

    #[tokio::test]
    async fn an_answered_loopback_flow_forgets_its_listener() {
        let dir = tempfile::tempdir().unwrap();
        let (c, _wall) = loopback_connector("test.connect.forget", dir.path()).await;
        let started = c.sign_in().start("supabase", None).await.unwrap();
        let state = state_of(&started);
        let listener = tokio::spawn(started.loopback.unwrap().received());
        let redirect = c
            .sign_in()
            .redirect_uri(c.registry().definition("supabase").unwrap());
        let mut answer = redirect.clone();
        answer
            .query_pairs_mut()
            .append_pair("error", "access_denied")
            .append_pair("state", &state);
        let err = c.sign_in().complete("supabase", &answer).await.unwrap_err();
        assert!(matches!(err, ConnectError::Denied(_)), "{err:?}");
        assert!(
            c.sign_in().lock_stops().is_empty(),
            "the taken flow's stop is not kept"
        );
        assert_eq!(
            tokio::time::timeout(Duration::from_secs(5), listener)
                .await
                .expect("the listener of a taken flow stops")
                .unwrap()
                .unwrap_err(),
            LoopbackError::Cancelled
        );
    }

    fn denied(at: &str, state: &str) -> Url {
        let mut url = Url::parse(at).unwrap();
        url.query_pairs_mut()
            .append_pair("error", "access_denied")
            .append_pair("state", state);
        url
    }

    #[tokio::test]
    async fn a_loopback_flow_is_not_answered_by_a_deep_link_carrying_its_state() {
        let dir = tempfile::tempdir().unwrap();
        let (c, _wall) = loopback_connector("test.connect.bind-loopback", dir.path()).await;
        let started = c.sign_in().start("supabase", None).await.unwrap();
        let state = state_of(&started);
        let port = c
            .registry()
            .definition("supabase")
            .unwrap()
            .loopback_port
            .unwrap();
        for elsewhere in [
            "dev.latchkey.debug:/oauth/supabase".to_owned(),
            format!("http://127.0.0.1:{}/oauth/supabase", port + 1),
            format!("http://127.0.0.1:{port}/oauth/other"),
            format!("https://127.0.0.1:{port}/oauth/supabase"),
        ] {
            let err = c
                .sign_in()
                .complete("supabase", &denied(&elsewhere, &state))
                .await
                .unwrap_err();
            assert!(err.is_quiet(), "{elsewhere}: {err:?} must be quiet");
        }
        assert_eq!(
            c.sign_in().lock_flows().pending("supabase"),
            1,
            "the flow still waits"
        );
        let redirect = c
            .sign_in()
            .redirect_uri(c.registry().definition("supabase").unwrap());
        let err = c
            .sign_in()
            .complete("supabase", &denied(redirect.as_str(), &state))
            .await
            .unwrap_err();
        assert!(
            matches!(err, ConnectError::Denied(_)),
            "its own listener's answer ends it: {err:?}"
        );
    }

    #[tokio::test]
    async fn a_deep_link_flow_is_not_answered_through_a_loopback_address() {
        for mode in ["deep", "relay"] {
            let dir = tempfile::tempdir().unwrap();
            let c = connector(Channel::Debug, mode, "test.connect.bind-link", dir.path());
            with_client_secret(&c).await;
            let state = state_of(&c.sign_in().start("supabase", None).await.unwrap());
            for elsewhere in [
                "http://127.0.0.1:53682/oauth/supabase",
                "https://latchkey.dev/relay/supabase",
                "dev.latchkey:/oauth/supabase",
            ] {
                let err = c
                    .sign_in()
                    .complete("supabase", &denied(elsewhere, &state))
                    .await
                    .unwrap_err();
                assert!(err.is_quiet(), "{mode}, {elsewhere}: {err:?} must be quiet");
            }
            assert_eq!(
                c.sign_in().lock_flows().pending("supabase"),
                1,
                "{mode}: still waits"
            );
            // The relay hands the answer on as a deep link of this build's scheme.
            let err = c
                .sign_in()
                .complete(
                    "supabase",
                    &denied("dev.latchkey.debug:/oauth/supabase", &state),
                )
                .await
                .unwrap_err();
            assert!(matches!(err, ConnectError::Denied(_)), "{mode}: {err:?}");
        }
    }

    #[test]
    fn each_mode_and_channel_has_its_own_redirect_uri() {
        let dir = tempfile::tempdir().unwrap();
        let uri = |channel, mode| {
            let c = connector(channel, mode, "test.connect.uri", dir.path());
            c.sign_in()
                .redirect_uri(c.registry().definition("supabase").unwrap())
                .to_string()
        };
        assert_eq!(
            uri(Channel::Release, "deep"),
            "dev.latchkey:/oauth/supabase"
        );
        assert_eq!(
            uri(Channel::Debug, "deep"),
            "dev.latchkey.debug:/oauth/supabase"
        );
        assert_eq!(
            uri(Channel::Release, "relay"),
            "https://latchkey.dev/relay/supabase"
        );
        assert_eq!(
            uri(Channel::Debug, "relay"),
            "https://latchkey.dev/relay/debug/supabase"
        );
        assert_eq!(
            uri(Channel::Debug, "loopback"),
            "http://127.0.0.1:53682/oauth/supabase"
        );
    }

    #[test]
    fn the_readme_tells_you_to_register_the_loopback_uri_the_app_sends() {
        let readme =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
                .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let c = connector(
            Channel::Debug,
            "loopback",
            "test.connect.readme",
            dir.path(),
        );
        let sent = c
            .sign_in()
            .redirect_uri(c.registry().definition("supabase").unwrap())
            .to_string();
        let port = format!(
            ":{}/oauth/",
            c.registry()
                .definition("supabase")
                .unwrap()
                .loopback_port
                .unwrap()
        );
        let mentioned: Vec<&str> = readme
            .split(|ch: char| ch.is_whitespace() || ch == '`')
            .filter(|word| word.contains(&port))
            .collect();
        assert!(!mentioned.is_empty());
        for uri in mentioned {
            assert!(
                uri.starts_with("http://127.0.0.1:"),
                "the README says {uri}, the app sends {sent}"
            );
        }
        assert!(readme.contains(&sent), "{sent}");
    }

    #[tokio::test]
    async fn without_a_client_secret_no_browser_is_opened() {
        let dir = tempfile::tempdir().unwrap();
        let c = connector(Channel::Debug, "deep", "test.connect.nosecret", dir.path());
        let err = c.sign_in().start("supabase", None).await.err().unwrap();
        assert!(
            matches!(err, ConnectError::MissingClientSecret(_)),
            "{err:?}"
        );
        assert_eq!(
            AppError::from(err).code,
            crate::error::ErrorCode::NotConfigured
        );
    }

    #[tokio::test]
    async fn a_callback_for_an_unknown_state_is_quiet() {
        let dir = tempfile::tempdir().unwrap();
        let c = connector(Channel::Debug, "deep", "test.connect.quiet", dir.path());
        let url =
            Url::parse("dev.latchkey.debug:/oauth/supabase?code=x&state=never-issued").unwrap();
        let err = c.sign_in().complete("supabase", &url).await.unwrap_err();
        assert!(err.is_quiet(), "{err:?}");
    }

    #[tokio::test]
    async fn links_that_do_not_answer_the_waiting_sign_in_are_quiet_and_leave_it_waiting() {
        // L2 in the security review: any page can fire these while a
        // sign-in waits; none may show an error or end the wait.
        let dir = tempfile::tempdir().unwrap();
        let c = connector(Channel::Debug, "deep", "test.connect.junk", dir.path());
        with_client_secret(&c).await;
        let started = c.sign_in().start("supabase", None).await.unwrap();
        let q: HashMap<_, _> = started.authorize_url.query_pairs().into_owned().collect();
        let state = &q["state"];
        let junk = [
            (
                "supabase",
                "dev.latchkey.debug:/oauth/supabase?code=x".to_owned(),
            ),
            ("supabase", "dev.latchkey.debug:/oauth/supabase".to_owned()),
            (
                "supabase",
                "dev.latchkey.debug:/oauth/supabase?error=access_denied".to_owned(),
            ),
            (
                "supabase",
                "dev.latchkey.debug:/oauth/supabase?evil=1".to_owned(),
            ),
            (
                "supabase",
                "dev.latchkey.debug:/oauth/supabase?code=x&state=wrong".to_owned(),
            ),
            (
                "supabase",
                "dev.latchkey.debug:/oauth/supabase?state=&code=x".to_owned(),
            ),
            (
                "supabase",
                format!("dev.latchkey.debug:/oauth/supabase?code=x&state=wrong&state={state}"),
            ),
            (
                "nope",
                format!("dev.latchkey.debug:/oauth/nope?code=x&state={state}"),
            ),
        ];
        for (provider, link) in junk {
            let err = c
                .sign_in()
                .complete(provider, &Url::parse(&link).unwrap())
                .await
                .unwrap_err();
            assert!(err.is_quiet(), "{link}: {err:?} must be quiet");
        }
        assert_eq!(
            c.sign_in().flows.lock().unwrap().pending("supabase"),
            1,
            "the sign-in still waits"
        );
        // The answer with the right state but a malformed rest is the
        // provider's: that one is shown.
        let malformed = Url::parse(&format!(
            "dev.latchkey.debug:/oauth/supabase?state={state}&code=x&error=y"
        ))
        .unwrap();
        let err = c
            .sign_in()
            .complete("supabase", &malformed)
            .await
            .unwrap_err();
        assert!(!err.is_quiet(), "{err:?}");
    }

    #[tokio::test]
    async fn a_connection_id_from_the_page_is_checked_before_the_keychain_or_the_network() {
        let dir = tempfile::tempdir().unwrap();
        let c = connector(Channel::Debug, "deep", "test.connect.badid", dir.path());
        for org in ["../x", "a:b", "", "evil.example/x?"] {
            let id = ConnectionId::new("supabase", org);
            let err = c.connections().projects(&id, 0, 10).await.unwrap_err();
            assert_eq!(
                AppError::from(err).code,
                crate::error::ErrorCode::Validation,
                "{org:?}"
            );
            assert!(c.connections().disconnect(&id).await.is_err(), "{org:?}");
        }
    }

    #[tokio::test]
    async fn an_organization_from_the_page_must_look_like_one_before_anything_starts() {
        let dir = tempfile::tempdir().unwrap();
        let c = connector(Channel::Debug, "deep", "test.connect.badorg", dir.path());
        with_client_secret(&c).await;
        let long = "a".repeat(crate::validate::MAX_ID_LEN + 1);
        for bad in ["", "../x", "a b", "acme&prompt=none", "é", long.as_str()] {
            let err = c
                .sign_in()
                .start("supabase", Some(bad.into()))
                .await
                .err()
                .unwrap();
            assert_eq!(
                err.invalid_field(),
                Some("organization"),
                "{bad:?}: {err:?}"
            );
        }
        assert_eq!(
            c.sign_in().lock_flows().pending("supabase"),
            0,
            "no flow was started"
        );
        assert!(c
            .sign_in()
            .start("supabase", Some("acme-inc_2".into()))
            .await
            .is_ok());
    }

    #[tokio::test]
    async fn the_authorize_url_carries_the_flow_and_the_preselected_org() {
        let dir = tempfile::tempdir().unwrap();
        let c = connector(Channel::Debug, "deep", "test.connect.start", dir.path());
        with_client_secret(&c).await;
        let started = c
            .sign_in()
            .start("supabase", Some("acme".into()))
            .await
            .unwrap();
        let q: HashMap<_, _> = started.authorize_url.query_pairs().into_owned().collect();
        assert_eq!(q["organization_slug"], "acme");
        assert_eq!(q["code_challenge_method"], "S256");
        assert_eq!(q["code_challenge"].len(), 43);
        assert!(started.loopback.is_none());
        assert_eq!(c.sign_in().cancel("supabase"), 1);
    }
}
