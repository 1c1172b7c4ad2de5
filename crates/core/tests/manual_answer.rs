//! When the browser cannot hand the answer back (issue 11): the address it
//! ended on, pasted by the user, completes the waiting sign-in through the
//! same strict parse and state check as a link, in each redirect form; a
//! forged or stale address is refused loudly and the sign-in keeps waiting.
//! Cancel closes the loopback listener at once, and a taken loopback port
//! moves the sign-in to the next registered one.

use std::net::TcpListener;
use std::time::Duration;

use latchkey_core::channel::Channel;
use latchkey_core::connect::{ConnectError, Connector, Started};
use latchkey_core::connections::session::system_clock;
use latchkey_core::oauth::loopback::LoopbackError;
use latchkey_core::providers::{supabase, ProviderDefinition, RedirectMode};
use latchkey_core::vault::{memory_store, Keychain};
use latchkey_sandbox::{PreApprove, Sandbox, Seed};
use secrecy::SecretString;
use url::Url;

mod common;
use common::approve_in_browser;

/// The sandbox, its demo client also registering the loopback redirect on
/// each of `ports` (free ports of this test, not the app's fixed ones, so
/// tests can run side by side).
async fn sandbox_with_ports(ports: &[u16]) -> Sandbox {
    let mut seed = Seed::demo();
    let demo = &mut seed.oauth_clients[0];
    for port in ports {
        demo.redirect_uris
            .push(format!("http://127.0.0.1:{port}/oauth/supabase"));
    }
    Sandbox::builder()
        .seed(seed)
        .start()
        .await
        .expect("sandbox starts")
}

async fn sandbox() -> Sandbox {
    sandbox_with_ports(&[]).await
}

/// A connector for the sandbox's demo client in `mode`, with `ports` as its
/// loopback port and spares.
async fn connector(
    sandbox: &Sandbox,
    name: &str,
    mode: RedirectMode,
    ports: &[u16],
    dir: &std::path::Path,
) -> (Connector, ProviderDefinition) {
    memory_store::install();
    let client = sandbox.demo_client();
    let mut def = supabase::definition()
        .with_origin(sandbox.base_url())
        .unwrap();
    def.client_id = client.id.clone();
    def.redirect_mode = mode;
    if let Some((first, spares)) = ports.split_first() {
        def.loopback_port = Some(*first);
        def.loopback_spare_ports = spares.to_vec();
    }
    let connector = Connector::new(
        Channel::Debug,
        vec![def.clone()],
        Keychain::new(format!("test.manual.{name}")),
        dir,
        latchkey_core::net::client(),
        system_clock(),
    );
    connector
        .secrets()
        .set(&def, &SecretString::from(client.secret.clone()))
        .await
        .unwrap();
    (connector, def)
}

fn first_org(sandbox: &Sandbox) -> String {
    sandbox
        .organizations_of(&sandbox.current_user())
        .into_iter()
        .next()
        .expect("the demo user has an org")
        .0
}

fn state_of(url: &Url) -> String {
    url.query_pairs()
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.into_owned())
        .expect("the URL carries a state")
}

/// `count` ports that are free right now (held, then released).
fn free_ports(count: usize) -> Vec<u16> {
    let held: Vec<TcpListener> = (0..count)
        .map(|_| TcpListener::bind("127.0.0.1:0").unwrap())
        .collect();
    held.iter()
        .map(|l| l.local_addr().unwrap().port())
        .collect()
}

fn refused_field(err: &ConnectError) -> Option<&'static str> {
    err.invalid_field()
}

/// Starts a sign-in for `slug`, approved at the sandbox; returns it and the
/// address the browser ends on.
async fn approved_sign_in(sb: &Sandbox, c: &Connector, slug: &str) -> (Started, Url) {
    sb.pre_approve(PreApprove::org(slug)).unwrap();
    let started = c
        .sign_in()
        .start("supabase", Some(slug.to_owned()))
        .await
        .unwrap();
    let answer = approve_in_browser(&started.authorize_url).await;
    (started, answer)
}

#[tokio::test]
async fn a_pasted_deep_link_connects_after_forged_and_stale_ones_were_refused() {
    let sb = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let (c, _) = connector(&sb, "deep", RedirectMode::DeepLink, &[], dir.path()).await;
    let slug = first_org(&sb);

    // An earlier attempt's answer, cancelled: stale by the time it is pasted.
    let (_earlier, stale) = approved_sign_in(&sb, &c, &slug).await;
    c.sign_in().cancel("supabase");

    let (_started, real) = approved_sign_in(&sb, &c, &slug).await;
    let state = state_of(&real);

    let mut forged = real.clone();
    forged.set_query(Some(&format!("code=attacker&state={}x", state)));
    let mut other_provider = real.clone();
    other_provider.set_path("/oauth/neon");
    let mut extra = real.clone();
    extra
        .query_pairs_mut()
        .append_pair("next", "https://evil.example");
    for refused in [
        String::new(),
        "   ".to_owned(),
        "not an address".to_owned(),
        "dev.latchkey.debug:/oauth/supabase".to_owned(),
        forged.to_string(),
        stale.to_string(),
        other_provider.to_string(),
        extra.to_string(),
        "x".repeat(9000),
    ] {
        let err = c
            .sign_in()
            .pasted_answer("supabase", &refused)
            .expect_err("refused");
        assert_eq!(refused_field(&err), Some("address"), "{err}");
        assert!(!err.is_quiet(), "a paste is never ignored quietly");
    }

    // The waiting sign-in is untouched: its real answer, pasted with the
    // whitespace a copy brings along, still connects.
    let at = c
        .sign_in()
        .pasted_answer("supabase", &format!("  {real}\n"))
        .expect("the real answer is taken");
    assert_eq!(at, real);
    let meta = c.sign_in().complete("supabase", &at).await.unwrap();
    assert_eq!(meta.id.account, slug);

    // Once used, the same address is stale too.
    let err = c
        .sign_in()
        .pasted_answer("supabase", real.as_str())
        .unwrap_err();
    assert_eq!(refused_field(&err), Some("address"));
}

#[tokio::test]
async fn a_pasted_relay_address_completes_as_the_deep_link_it_forwards_to() {
    let sb = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let (c, _) = connector(&sb, "relay", RedirectMode::HttpsRelay, &[], dir.path()).await;
    let slug = first_org(&sb);
    let (_started, relay_page) = approved_sign_in(&sb, &c, &slug).await;
    assert_eq!(
        relay_page.scheme(),
        "https",
        "the browser ends on the relay page"
    );

    let at = c
        .sign_in()
        .pasted_answer("supabase", relay_page.as_str())
        .unwrap();
    assert_eq!(at.scheme(), "dev.latchkey.debug");
    assert_eq!(at.query(), relay_page.query());
    let meta = c.sign_in().complete("supabase", &at).await.unwrap();
    assert_eq!(meta.id.account, slug);
}

#[tokio::test]
async fn a_pasted_loopback_address_connects_and_closes_the_listener() {
    let ports = free_ports(1);
    let sb = sandbox_with_ports(&ports).await;
    let dir = tempfile::tempdir().unwrap();
    let (c, _) = connector(&sb, "loopback", RedirectMode::Loopback, &ports, dir.path()).await;
    let slug = first_org(&sb);
    // The browser never reaches the listener (it runs on another machine).
    let (started, answer) = approved_sign_in(&sb, &c, &slug).await;
    let listener = tokio::spawn(started.loopback.expect("loopback").received());
    assert_eq!(answer.port(), Some(ports[0]));

    let at = c
        .sign_in()
        .pasted_answer("supabase", answer.as_str())
        .unwrap();
    c.sign_in().complete("supabase", &at).await.unwrap();
    assert!(matches!(
        tokio::time::timeout(Duration::from_secs(5), listener)
            .await
            .expect("the listener stops with its flow")
            .unwrap(),
        Err(LoopbackError::Cancelled)
    ));
    TcpListener::bind(("127.0.0.1", ports[0])).expect("the port is free again");
}

#[tokio::test]
async fn cancel_ends_the_wait_and_frees_the_port_at_once() {
    let sb = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let ports = free_ports(1);
    let (c, _) = connector(&sb, "cancel", RedirectMode::Loopback, &ports, dir.path()).await;
    let started = c.sign_in().start("supabase", None).await.unwrap();
    let state = state_of(&started.authorize_url);
    let listener = tokio::spawn(started.loopback.unwrap().received());
    assert_eq!(c.sign_in().cancel("supabase"), 1);
    assert!(matches!(
        tokio::time::timeout(Duration::from_secs(5), listener)
            .await
            .expect("cancel stops the listener")
            .unwrap(),
        Err(LoopbackError::Cancelled)
    ));
    TcpListener::bind(("127.0.0.1", ports[0])).expect("the port is free again");
    let late = format!(
        "http://127.0.0.1:{}/oauth/supabase?code=c&state={state}",
        ports[0]
    );
    let err = c.sign_in().pasted_answer("supabase", &late).unwrap_err();
    assert_eq!(
        refused_field(&err),
        Some("address"),
        "a cancelled sign-in takes no answer"
    );
}

#[tokio::test]
async fn a_taken_port_moves_the_sign_in_to_the_next_registered_one() {
    let ports = free_ports(3);
    let sb = sandbox_with_ports(&ports).await;
    let dir = tempfile::tempdir().unwrap();
    let _taken = TcpListener::bind(("127.0.0.1", ports[0])).unwrap();
    let (c, def) = connector(&sb, "spare", RedirectMode::Loopback, &ports, dir.path()).await;
    let slug = first_org(&sb);
    let (started, answer) = approved_sign_in(&sb, &c, &slug).await;
    let redirect: Url = started
        .authorize_url
        .query_pairs()
        .find(|(k, _)| k == "redirect_uri")
        .map(|(_, v)| Url::parse(&v).unwrap())
        .unwrap();
    assert_eq!(redirect.port(), Some(ports[1]), "the first spare is used");
    assert_eq!(
        c.sign_in().redirect_uri(&def).port(),
        Some(ports[0]),
        "the registered port stays the one Settings names"
    );
    let listener = tokio::spawn(started.loopback.unwrap().received());
    // The browser follows the redirect to the spare port's listener.
    let status = reqwest::get(answer.clone()).await.unwrap().status();
    assert_eq!(status, 200);
    let received = listener.await.unwrap().unwrap();
    let meta = c.sign_in().complete("supabase", &received).await.unwrap();
    assert_eq!(meta.id.account, slug);
}

#[tokio::test]
async fn when_every_registered_port_is_taken_the_message_names_them_all() {
    let sb = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let ports = free_ports(3);
    let _taken: Vec<TcpListener> = ports
        .iter()
        .map(|p| TcpListener::bind(("127.0.0.1", *p)).unwrap())
        .collect();
    let (c, _) = connector(&sb, "busy", RedirectMode::Loopback, &ports, dir.path()).await;
    let err = c
        .sign_in()
        .start("supabase", None)
        .await
        .err()
        .expect("no port free");
    let message = err.to_string();
    let named = format!("{}, {} and {}", ports[0], ports[1], ports[2]);
    assert!(message.contains(&named), "{message}");
    assert!(matches!(
        err,
        ConnectError::Loopback(LoopbackError::PortsInUse { .. })
    ));
}
