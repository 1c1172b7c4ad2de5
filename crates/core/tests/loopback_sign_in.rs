//! A loopback sign-in as the app runs it: `Connector::start` binds the
//! listener for the flow it creates, so only the browser's redirect with that
//! flow's `state` ends the wait; a stray local request does not.

use std::time::Duration;

use latchkey_core::channel::Channel;
use latchkey_core::connect::Connector;
use latchkey_core::connections::session::system_clock;
use latchkey_core::providers::{supabase, RedirectMode};
use latchkey_core::vault::{memory_store, Keychain};
use secrecy::SecretString;
use url::Url;

#[tokio::test]
async fn the_listener_waits_for_its_own_flows_state_and_not_for_a_stray_request() {
    memory_store::install();
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let mut def = supabase::definition();
    def.redirect_mode = RedirectMode::Loopback;
    def.loopback_port = Some(port);
    let dir = tempfile::tempdir().unwrap();
    let connector = Connector::new(
        Channel::Debug,
        vec![def.clone()],
        Keychain::new("test.loopback.sign-in"),
        dir.path(),
        latchkey_core::net::client(),
        system_clock(),
    );
    connector
        .secrets()
        .set(&def, &SecretString::from("sba_test"))
        .await
        .unwrap();

    let started = connector.sign_in().start("supabase", None).await.unwrap();
    let state = started
        .authorize_url
        .query_pairs()
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.into_owned())
        .expect("the authorize URL carries the flow's state");
    let waiting = tokio::spawn(started.loopback.expect("loopback mode").received());

    let redirect = Url::parse(&format!("http://127.0.0.1:{port}/oauth/supabase")).unwrap();
    let http = reqwest::Client::new();
    let mut stray = redirect.clone();
    stray.set_query(Some("code=x"));
    assert_eq!(
        http.get(stray).send().await.unwrap().status(),
        400,
        "a request without the flow's state is not the answer"
    );
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(!waiting.is_finished(), "and it does not end the wait");

    let mut answer = redirect.clone();
    answer
        .query_pairs_mut()
        .append_pair("code", "x")
        .append_pair("state", &state);
    assert_eq!(http.get(answer.clone()).send().await.unwrap().status(), 200);
    let received = waiting
        .await
        .unwrap()
        .expect("the flow's answer ends the wait");
    assert_eq!(received, answer, "the answer is handed on as it arrived");
}
