//! The two HTML pages the OAuth server shows a person: the consent page and
//! the error page.
//!
//! Self-contained server HTML: inline CSS, no scripts, no external assets.
//! Every dynamic value goes through [`escape`]. The consent form carries only
//! an opaque request id; the PKCE challenge, state and redirect URI stay on
//! the server.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use super::profile::{Consent, P};

/// HTML-escapes text for element content and quoted attributes.
pub(crate) fn escape(s: &str) -> String {
    // `&` first, so the entities added after are not escaped again.
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

const STYLE: &str = r#"
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;
 background:#f4f5f7;color:#1c1c1c;font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
.card{width:100%;max-width:440px;margin:24px;background:#fff;border:1px solid #e3e5e8;border-radius:12px;
 box-shadow:0 8px 24px rgba(16,24,40,.08);padding:28px 28px 24px}
.brand{display:flex;align-items:center;gap:8px;font-weight:600;color:#3ecf8e;margin-bottom:18px}
.brand .dot{width:12px;height:12px;border-radius:3px;background:#3ecf8e}
.brand small{color:#8a8f98;font-weight:500}
h1{font-size:20px;margin:0 0 6px}
p{margin:0 0 14px;color:#4b5058}
.user{display:flex;align-items:center;gap:10px;padding:10px 12px;border:1px solid #eceef1;border-radius:8px;margin-bottom:16px}
.avatar{width:32px;height:32px;border-radius:50%;background:#1c1c1c;color:#fff;display:flex;align-items:center;justify-content:center;font-weight:600}
.user .who{line-height:1.25}.user .who span{display:block;color:#8a8f98;font-size:13px}
h2{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:#8a8f98;margin:18px 0 8px}
ul.scopes{list-style:none;padding:0;margin:0 0 8px}
ul.scopes li{padding:6px 0 6px 22px;position:relative;border-bottom:1px solid #f1f2f4;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:13px}
ul.scopes li:before{content:"";position:absolute;left:4px;top:13px;width:8px;height:8px;border-radius:50%;background:#3ecf8e}
label{display:block;font-weight:600;margin:18px 0 6px}
select{width:100%;padding:9px 10px;border:1px solid #d0d4da;border-radius:8px;font-size:15px;background:#fff}
.actions{display:flex;gap:10px;margin-top:22px}
button{flex:1;padding:10px 14px;border-radius:8px;font-size:15px;font-weight:600;cursor:pointer;border:1px solid #d0d4da;background:#fff;color:#1c1c1c}
button.primary{background:#3ecf8e;border-color:#36b37e;color:#0b2e1e}
.note{margin-top:16px;font-size:12px;color:#8a8f98}
.error h1{color:#b42318}
code{background:#f4f5f7;padding:1px 5px;border-radius:4px;font-size:13px;word-break:break-all}
"#;

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
<title>{}</title><style>{STYLE}</style></head><body>{body}</body></html>",
        escape(title)
    )
}

fn no_store(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // No form-action: browsers apply it to the redirect that follows the
    // form post, which must reach the app's scheme or loopback port.
    let csp = HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'");
    h.insert(header::CONTENT_SECURITY_POLICY, csp);
    r
}

const APPROVE: &str = "<button class=\"primary\" type=\"submit\" name=\"decision\" value=\"approve\">Authorize</button>";

/// A profile's consent page for `client_name`; the form posts `request_id`
/// back to the profile's decision path.
pub(crate) fn consent(p: P, request_id: &str, client_name: &str, v: &Consent) -> Response {
    let initial = (v.user_name.chars().next()).map(|c| c.to_uppercase().to_string());
    let scopes: String = (v.scopes.iter())
        .map(|s| format!("<li>{}</li>", escape(s)))
        .collect();
    let scopes = (!scopes.is_empty()).then(|| {
        format!("<h2>This application will be able to</h2><ul class=\"scopes\">{scopes}</ul>")
    });
    let approve = if v.can_approve { APPROVE } else { "" };
    let body = format!(
        "<main class=\"card\">\
<div class=\"brand\"><span class=\"dot\"></span>{brand} <small>sandbox</small></div>\
<h1>Authorize {app}</h1>\
<p><strong>{app}</strong> is requesting access to {asks}.</p>\
<div class=\"user\"><div class=\"avatar\">{initial}</div><div class=\"who\">{name}<span>{email}</span></div></div>\
{scopes}\
<form method=\"post\" action=\"{action}\">\
<input type=\"hidden\" name=\"request_id\" value=\"{rid}\">\
{picker}\
<div class=\"actions\">\
<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>{approve}\
</div></form>\
<p class=\"note\">This is a local sandbox of {brand}'s OAuth server. Nothing leaves this machine.</p>\
</main>",
        brand = escape(p.brand()),
        app = escape(client_name),
        asks = escape(v.asks_for),
        initial = initial.unwrap_or_default(),
        scopes = scopes.unwrap_or_default(),
        name = escape(&v.user_name),
        email = escape(&v.user_email),
        action = escape(p.meta().decision_path),
        rid = escape(request_id),
        picker = v.picker,
    );
    no_store(Html(page(&format!("Authorize {client_name}"), &body)).into_response())
}

/// The error page: shown instead of redirecting when the client or the
/// redirect URI cannot be trusted (RFC 6749 §4.1.2.1).
pub(crate) fn error(brand: &str, status: StatusCode, title: &str, detail: &str) -> Response {
    let body = format!(
        "<main class=\"card error\">\
<div class=\"brand\"><span class=\"dot\"></span>{} <small>sandbox</small></div>\
<h1>{}</h1><p>{}</p>\
<p class=\"note\">You have not been redirected back to the application.</p></main>",
        escape(brand),
        escape(title),
        escape(detail)
    );
    no_store((status, Html(page(title, &body))).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_that_matters() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
