//! Custom Auth SMTP: read, validate, update as one group, disable.
//!
//! Supabase applies a 30 emails/hour cap (`rate_limit_email_sent`) once
//! custom SMTP is on; the form shows it and lets the user raise it. The
//! password is write-only: `None` leaves the saved one unchanged (the field
//! is left out of the PATCH, which Supabase and the sandbox treat as "keep").

use serde_json::{json, Map, Value};

use super::dto::{SmtpSettings, SmtpUpdate};
use super::supabase;
use crate::connect::{ConnectError, Connections};
use crate::connections::ConnectionId;
use crate::providers::supabase::api::SmtpConfig;
use crate::providers::Access;
use crate::validate;

fn settings(config: SmtpConfig) -> SmtpSettings {
    let host = config.smtp_host.unwrap_or_default();
    SmtpSettings {
        enabled: !host.trim().is_empty(),
        host,
        port: config.smtp_port.unwrap_or_default(),
        user: config.smtp_user.unwrap_or_default(),
        sender_name: config.smtp_sender_name.unwrap_or_default(),
        admin_email: config.smtp_admin_email.unwrap_or_default(),
        max_frequency: config.smtp_max_frequency,
        rate_limit_email_sent: config.rate_limit_email_sent,
    }
}

pub async fn get(
    connections: &Connections,
    id: &ConnectionId,
    reference: &str,
) -> Result<SmtpSettings, ConnectError> {
    validate::supabase_project_ref(reference)?;
    let api = supabase(connections, id)?;
    let config = connections
        .with_token(id, Access::ReadAuthConfig, |t| async move {
            api.smtp_config(&t, reference).await
        })
        .await?;
    Ok(settings(config))
}

/// Checks the form; the first problem found names its field.
pub fn validate(update: &SmtpUpdate, currently_enabled: bool) -> Result<(), ConnectError> {
    let invalid = |field, message: &str| {
        Err(ConnectError::Invalid {
            field,
            message: message.to_owned(),
        })
    };
    if !is_host_name(update.host.trim()) {
        return invalid(
            "host",
            "Enter the SMTP server's host name, e.g. smtp.example.com.",
        );
    }
    match update.port.trim().parse::<u32>() {
        Ok(1..=65535) => {}
        _ => {
            return invalid(
                "port",
                "The port is a number from 1 to 65535 (usually 465 or 587).",
            )
        }
    }
    if update.user.trim().is_empty() {
        return invalid("user", "Enter the SMTP user name.");
    }
    if !currently_enabled && update.password.as_deref().is_none_or(|p| p.is_empty()) {
        return invalid(
            "password",
            "Enter the SMTP password to turn custom SMTP on.",
        );
    }
    if !is_email(update.admin_email.trim()) {
        return invalid(
            "admin_email",
            "Enter the sender email address, e.g. no-reply@example.com.",
        );
    }
    if update.sender_name.trim().is_empty() {
        return invalid(
            "sender_name",
            "Enter the sender name people see, e.g. your product's name.",
        );
    }
    if let Some(n) = update.max_frequency {
        if !(0..=32767).contains(&n) {
            return invalid(
                "max_frequency",
                "The minimum interval is 0 to 32767 seconds.",
            );
        }
    }
    if let Some(n) = update.rate_limit_email_sent {
        if n < 1 {
            return invalid("rate_limit_email_sent", "Allow at least 1 email per hour.");
        }
    }
    Ok(())
}

/// The PATCH body: the whole SMTP group at once, the password only if typed.
pub fn patch_body(update: &SmtpUpdate) -> Map<String, Value> {
    let mut body = Map::new();
    body.insert("smtp_host".into(), json!(update.host.trim()));
    body.insert("smtp_port".into(), json!(update.port.trim()));
    body.insert("smtp_user".into(), json!(update.user.trim()));
    body.insert("smtp_admin_email".into(), json!(update.admin_email.trim()));
    body.insert("smtp_sender_name".into(), json!(update.sender_name.trim()));
    if let Some(password) = update.password.as_deref().filter(|p| !p.is_empty()) {
        body.insert("smtp_pass".into(), json!(password));
    }
    if let Some(n) = update.max_frequency {
        body.insert("smtp_max_frequency".into(), json!(n));
    }
    if let Some(n) = update.rate_limit_email_sent {
        body.insert("rate_limit_email_sent".into(), json!(n));
    }
    body
}

pub async fn update(
    connections: &Connections,
    id: &ConnectionId,
    reference: &str,
    update: SmtpUpdate,
) -> Result<SmtpSettings, ConnectError> {
    validate::supabase_project_ref(reference)?;
    let current = get(connections, id, reference).await?;
    validate(&update, current.enabled)?;
    let api = supabase(connections, id)?;
    let body = patch_body(&update);
    let config = connections
        .with_token(id, Access::WriteAuthConfig, |t| {
            let body = body.clone();
            async move { api.update_auth_config(&t, reference, body).await }
        })
        .await?;
    Ok(settings(config))
}

/// Turns custom SMTP off: every SMTP field cleared in one PATCH.
pub async fn disable(
    connections: &Connections,
    id: &ConnectionId,
    reference: &str,
) -> Result<SmtpSettings, ConnectError> {
    validate::supabase_project_ref(reference)?;
    let api = supabase(connections, id)?;
    let body: Map<String, Value> = [
        "smtp_host",
        "smtp_port",
        "smtp_user",
        "smtp_pass",
        "smtp_admin_email",
        "smtp_sender_name",
    ]
    .iter()
    .map(|k| (k.to_string(), Value::Null))
    .collect();
    let config = connections
        .with_token(id, Access::WriteAuthConfig, |t| {
            let body = body.clone();
            async move { api.update_auth_config(&t, reference, body).await }
        })
        .await?;
    Ok(settings(config))
}

/// RFC 1123 host name: dot-separated labels of letters, digits and hyphens.
fn is_host_name(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// A pragmatic address check: one `@`, a local part, a host name with a dot.
fn is_email(address: &str) -> bool {
    match address.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !local.contains(char::is_whitespace)
                && domain.contains('.')
                && is_host_name(domain)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> SmtpUpdate {
        SmtpUpdate {
            host: "smtp.example.com".into(),
            port: "587".into(),
            user: "mailer".into(),
            password: Some("pw".into()),
            sender_name: "Example".into(),
            admin_email: "no-reply@example.com".into(),
            max_frequency: Some(60),
            rate_limit_email_sent: Some(100),
        }
    }

    fn field(update: SmtpUpdate, enabled: bool) -> &'static str {
        match validate(&update, enabled) {
            Err(ConnectError::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_complete_form_passes_and_each_bad_field_is_named() {
        assert!(validate(&form(), false).is_ok());
        assert_eq!(
            field(
                SmtpUpdate {
                    host: "not a host".into(),
                    ..form()
                },
                false
            ),
            "host"
        );
        assert_eq!(
            field(
                SmtpUpdate {
                    port: "0".into(),
                    ..form()
                },
                false
            ),
            "port"
        );
        assert_eq!(
            field(
                SmtpUpdate {
                    port: "65536".into(),
                    ..form()
                },
                false
            ),
            "port"
        );
        assert_eq!(
            field(
                SmtpUpdate {
                    port: "smtp".into(),
                    ..form()
                },
                false
            ),
            "port"
        );
        assert_eq!(
            field(
                SmtpUpdate {
                    user: " ".into(),
                    ..form()
                },
                false
            ),
            "user"
        );
        assert_eq!(
            field(
                SmtpUpdate {
                    password: None,
                    ..form()
                },
                false
            ),
            "password"
        );
        assert_eq!(
            field(
                SmtpUpdate {
                    admin_email: "nobody".into(),
                    ..form()
                },
                false
            ),
            "admin_email"
        );
        assert_eq!(
            field(
                SmtpUpdate {
                    sender_name: "".into(),
                    ..form()
                },
                false
            ),
            "sender_name"
        );
        assert_eq!(
            field(
                SmtpUpdate {
                    rate_limit_email_sent: Some(0),
                    ..form()
                },
                false
            ),
            "rate_limit_email_sent"
        );
    }

    #[test]
    fn an_unchanged_password_is_fine_once_smtp_is_on_and_left_out_of_the_patch() {
        let update = SmtpUpdate {
            password: None,
            ..form()
        };
        assert!(validate(&update, true).is_ok());
        let body = patch_body(&update);
        assert!(!body.contains_key("smtp_pass"));
        assert_eq!(
            body["smtp_port"],
            json!("587"),
            "smtp_port is a string in Supabase's API"
        );
        assert_eq!(body.len(), 7);
    }

    #[tokio::test]
    async fn every_smtp_call_refuses_a_reference_that_is_not_a_ref_before_any_request() {
        let fake = crate::manage::test_support::supabase_answering(r#"{}"#).await;
        for reference in [".", "..", "evil.example/x?"] {
            let refused = |err: ConnectError| {
                assert_eq!(
                    err.invalid_field(),
                    Some("reference"),
                    "{reference:?}: {err:?}"
                )
            };
            refused(
                get(fake.connector.connections(), &fake.id, reference)
                    .await
                    .unwrap_err(),
            );
            refused(
                update(fake.connector.connections(), &fake.id, reference, form())
                    .await
                    .unwrap_err(),
            );
            refused(
                disable(fake.connector.connections(), &fake.id, reference)
                    .await
                    .unwrap_err(),
            );
        }
        assert_eq!(
            fake.requests(),
            0,
            "nothing is sent for a ref that is not one"
        );
    }
}
