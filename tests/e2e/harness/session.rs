//! The app under test: tauri-driver (with Debian's WebKitWebDriver) launches
//! the real binary inside a `Desktop`, and fantoccini drives its webview.

use std::fs::File;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use super::desktop::Desktop;
use super::tools::{app_binary, require, tauri_driver, wait_until};

pub struct AppSession {
    pub client: Client,
    driver: Child,
    log: PathBuf,
}

impl AppSession {
    /// Launches the app with `args` (e.g. a link for a cold start) and waits
    /// until its UI has rendered.
    pub async fn launch(desktop: &Desktop, args: &[&str]) -> AppSession {
        let native = require("WebKitWebDriver", &[]);
        let port = free_port();
        let log = desktop.path().join("app.log");
        let log_file = File::create(&log).expect("driver log");
        let driver = desktop
            .command(tauri_driver())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &free_port().to_string(),
            ])
            .arg("--native-driver")
            .arg(native)
            .stdout(Stdio::from(log_file.try_clone().expect("log")))
            .stderr(Stdio::from(log_file))
            .spawn()
            .expect("start tauri-driver");
        wait_until(
            "tauri-driver to listen",
            Duration::from_secs(15),
            || async {
                std::net::TcpStream::connect(("127.0.0.1", port))
                    .ok()
                    .map(|_| ())
            },
        )
        .await;

        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert(
            "tauri:options".into(),
            json!({ "application": app_binary(), "args": args }),
        );
        // tauri-driver starts WebKitWebDriver on the first session request and
        // can answer "connection refused" while it is still coming up (seen
        // under load): try the session a few times before calling it a failure.
        let mut attempt = 0;
        let client = loop {
            attempt += 1;
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => break client,
                Err(e) if attempt < 4 => {
                    eprintln!("WebDriver session attempt {attempt} failed ({e}); retrying");
                    tokio::time::sleep(Duration::from_millis(750)).await;
                }
                Err(e) => panic!("WebDriver session failed: {e}\n{}", tail(&log)),
            }
        };
        let session = AppSession {
            client,
            driver,
            log,
        };
        session
            .wait_for("the status bar", "[data-testid=app-version]")
            .await;
        session
    }

    pub async fn wait_for(&self, what: &str, css: &str) -> fantoccini::elements::Element {
        match self
            .client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await
        {
            Ok(element) => element,
            Err(e) => panic!("{what} ({css}) never appeared: {e}\n{}", tail(&self.log)),
        }
    }

    pub async fn text(&self, css: &str) -> String {
        self.wait_for(css, css)
            .await
            .text()
            .await
            .expect("element text")
    }

    /// Waits until the element's text satisfies `ok`, and returns it.
    pub async fn wait_for_text(&self, css: &str, ok: impl Fn(&str) -> bool) -> String {
        wait_until(
            &format!("text of {css}"),
            Duration::from_secs(15),
            || async {
                let text = self
                    .client
                    .find(Locator::Css(css))
                    .await
                    .ok()?
                    .text()
                    .await
                    .ok()?;
                ok(&text).then_some(text)
            },
        )
        .await
    }

    /// The DOM text of an element, for text WebDriver's rendered-text rules
    /// hide (WebKitWebDriver reads nothing inside a <button>).
    pub async fn text_content(&self, css: &str) -> String {
        self.wait_for(css, css).await;
        let script = "return document.querySelector(arguments[0]).textContent";
        self.client
            .execute(script, vec![serde_json::json!(css)])
            .await
            .expect("script")
            .as_str()
            .unwrap_or_default()
            .trim()
            .to_owned()
    }

    /// Clicks the first element matching `css` whose DOM text contains
    /// `text` (WebKitWebDriver reads no text inside a <button>).
    pub async fn click_containing(&self, css: &str, text: &str) {
        self.wait_for(css, css).await;
        let script = "const hit = [...document.querySelectorAll(arguments[0])]\
            .find((e) => e.textContent.includes(arguments[1]));\
            if (!hit) return false;\
            hit.scrollIntoView({block: 'center'}); hit.click(); return true;";
        let clicked = self
            .client
            .execute(
                script,
                vec![serde_json::json!(css), serde_json::json!(text)],
            )
            .await
            .expect("script");
        assert_eq!(
            clicked,
            serde_json::json!(true),
            "no {css} contains {text:?}"
        );
    }

    pub async fn attribute(&self, css: &str, name: &str) -> String {
        self.wait_for(css, css)
            .await
            .attr(name)
            .await
            .expect("attribute")
            .unwrap_or_default()
    }

    pub async fn count(&self, css: &str) -> usize {
        self.client
            .find_all(Locator::Css(css))
            .await
            .map(|v| v.len())
            .unwrap_or(0)
    }

    /// Types into a field, finding it again if the page re-rendered it
    /// between the find and the keys (a stale element).
    pub async fn type_into(&self, css: &str, text: &str) {
        for attempt in 1..=3 {
            let field = self.wait_for(css, css).await;
            let typed = async {
                field.clear().await?;
                field.send_keys(text).await
            }
            .await;
            match typed {
                Ok(()) => return,
                Err(err) if attempt < 3 => {
                    eprintln!("typing into {css} again: {err}");
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(err) => panic!("typing into {css}: {err}"),
            }
        }
    }

    /// Clicks like a person: the element is scrolled into the middle of the
    /// view first (WebKitWebDriver refuses elements under the window edge).
    pub async fn click(&self, css: &str) {
        let element = self.wait_for(css, css).await;
        let arg = serde_json::to_value(&element).expect("element reference");
        self.client
            .execute("arguments[0].scrollIntoView({block: 'center'});", vec![arg])
            .await
            .expect("scroll into view");
        element.click().await.expect("click");
    }

    /// Everything the app and the drivers printed so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Kills the app with SIGKILL, as a crash or `kill -9` would: no exit
    /// handler runs. The app is found by its binary and this desktop's HOME.
    pub async fn kill_app(self, desktop: &Desktop) {
        let binary = app_binary();
        let home = format!("HOME={}", desktop.path().join("home").display());
        let mut killed = 0;
        for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
            let pid = entry.file_name().to_string_lossy().into_owned();
            if !pid.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let exe = std::fs::read_link(entry.path().join("exe")).ok();
            let environ = std::fs::read(entry.path().join("environ")).unwrap_or_default();
            let ours = environ.split(|b| *b == 0).any(|v| v == home.as_bytes());
            if exe.as_deref() == Some(binary.as_path()) && ours {
                let status = std::process::Command::new("kill")
                    .args(["-KILL", &pid])
                    .status()
                    .expect("kill");
                assert!(status.success(), "kill -KILL {pid}");
                killed += 1;
            }
        }
        assert_eq!(killed, 1, "exactly one app process to kill");
        self.close().await;
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for AppSession {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn tail(log: &std::path::Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let start = text.len().saturating_sub(4000);
    format!("--- app/driver log (tail) ---\n{}", &text[start..])
}
