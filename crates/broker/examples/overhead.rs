//! The broker's overhead on a token exchange: the same Supabase code
//! exchange against the sandbox, sent straight to it (with the client's
//! Basic credentials, as the app does without a broker) and through the
//! broker (as the app does with one), interleaved in one run so that the
//! machine's swings hit both alike. Prints median and p99 of each, the
//! difference and the ratio; it never passes or fails on them.
//!
//!   cargo run --release -p latchkey-broker --example overhead [EXCHANGES]

use std::time::{Duration, Instant};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use latchkey_core::providers::supabase;
use latchkey_sandbox::{Decision, Provider, Sandbox, Seed};
use sha2::{Digest, Sha256};

const REDIRECT: &str = "dev.latchkey.debug:/oauth/supabase";

#[tokio::main]
async fn main() {
    let exchanges: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    let sb = Sandbox::builder()
        .seed(Seed::demo())
        .rate_limit_per_minute(10_000_000)
        .start()
        .await
        .expect("the sandbox starts");
    let client = sb.demo_client();
    let config = format!(
        "listen = \"127.0.0.1:0\"\n[limits]\nrequests_per_minute = 10000000\n\
         [providers.supabase]\nclient_secret_env = \"S\"\nupstream = \"{}\"\nredirect_uris = [\"{REDIRECT}\"]\n",
        sb.base_url()
    );
    let secret = client.secret.clone();
    let config = latchkey_broker::Config::parse(&config, std::path::Path::new("."), |_| {
        Some(secret.clone())
    })
    .unwrap();
    let broker = latchkey_broker::Running::start(config).await.unwrap();
    let def = supabase::definition().with_origin(sb.base_url()).unwrap();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let direct_url = def.token_url.to_string();
    let broker_url = format!("{}/v1/supabase/token", broker.url());
    let basic = format!(
        "Basic {}",
        STANDARD.encode(format!("{}:{}", client.id, client.secret))
    );

    let mut direct = Vec::with_capacity(exchanges);
    let mut brokered = Vec::with_capacity(exchanges);
    let warmup = 50;
    for i in 0..(exchanges + warmup) {
        // Alternate which goes first, so neither always runs on a warmer cache.
        for through_broker in [i % 2 == 0, i % 2 == 1] {
            let (code, verifier) = code(&sb, &http, &def).await;
            let form = [
                ("grant_type", "authorization_code"),
                ("code", code.as_str()),
                ("redirect_uri", REDIRECT),
                ("code_verifier", verifier.as_str()),
                ("client_id", client.id.as_str()),
            ];
            let request = if through_broker {
                http.post(&broker_url).form(&form)
            } else {
                http.post(&direct_url)
                    .header("authorization", &basic)
                    .form(&form)
            };
            let started = Instant::now();
            let response = request.send().await.unwrap();
            let status = response.status();
            let _ = response.bytes().await.unwrap();
            let took = started.elapsed();
            assert_eq!(status, 201, "a Supabase code exchange answers 201");
            if i >= warmup {
                if through_broker {
                    brokered.push(took)
                } else {
                    direct.push(took)
                }
            }
        }
    }
    let (d50, d99) = (percentile(&mut direct, 50.0), percentile(&mut direct, 99.0));
    let (b50, b99) = (
        percentile(&mut brokered, 50.0),
        percentile(&mut brokered, 99.0),
    );
    println!(
        "token exchange, {exchanges} each, interleaved ({} cores)",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    println!(
        "  direct to the sandbox:  median {:>7.3} ms  p99 {:>7.3} ms",
        ms(d50),
        ms(d99)
    );
    println!(
        "  through the broker:     median {:>7.3} ms  p99 {:>7.3} ms",
        ms(b50),
        ms(b99)
    );
    println!(
        "  broker adds:            median {:>+7.3} ms  p99 {:>+7.3} ms  (median ratio {:.2}x; target: under 2 ms added at the median)",
        ms(b50) - ms(d50),
        ms(b99) - ms(d99),
        ms(b50) / ms(d50)
    );
    broker.stop().await;
    sb.shutdown().await;
}

/// A fresh authorization code for the demo client, with its PKCE verifier.
async fn code(
    sb: &Sandbox,
    http: &reqwest::Client,
    def: &latchkey_core::providers::ProviderDefinition,
) -> (String, String) {
    sb.pre_approve_provider(Provider::Supabase, Decision::Approve);
    let verifier = URL_SAFE_NO_PAD.encode(rand_bytes());
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    let mut url = def.authorize_url.clone();
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &def.client_id)
        .append_pair("redirect_uri", REDIRECT)
        .append_pair("state", "bench")
        .append_pair("code_challenge", &challenge)
        .append_pair("code_challenge_method", "S256");
    let response = http.get(url).send().await.unwrap();
    let location = url::Url::parse(response.headers()["location"].to_str().unwrap()).unwrap();
    let code = location
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .expect("a code");
    (code, verifier)
}

fn rand_bytes() -> [u8; 32] {
    // Distinct per call is all a verifier needs here.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    Sha256::digest(nanos.to_le_bytes()).into()
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let rank = ((p / 100.0) * (samples.len() as f64 - 1.0)).round() as usize;
    samples[rank.min(samples.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
