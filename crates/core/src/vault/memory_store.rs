//! A keyring credential store kept in process memory, for tests only.
//!
//! keyring's own mock store gives every `Entry` its own storage, so a value set
//! through one entry cannot be read through another, which is exactly what the
//! vault does between calls. This store shares one map per process, like the
//! real Secret Service does per session.
//!
//! [`delay_next_write`] makes one write stall like a Secret Service call
//! behind an unanswered unlock prompt, to test what happens after a timeout.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use keyring::credential::{Credential, CredentialApi, CredentialBuilderApi};

type Items = Arc<Mutex<HashMap<(String, String), Vec<u8>>>>;

struct MemoryCredential {
    key: (String, String),
    items: Items,
}

/// One-shot delays for the next write (set or delete) of an item.
fn delays() -> &'static Mutex<HashMap<(String, String), Duration>> {
    static DELAYS: OnceLock<Mutex<HashMap<(String, String), Duration>>> = OnceLock::new();
    DELAYS.get_or_init(Default::default)
}

/// The next set or delete of `service`/`account` sleeps `delay` before it
/// lands, on the blocking thread that runs it (as a stuck D-Bus call would).
pub fn delay_next_write(service: &str, account: &str, delay: Duration) {
    delays()
        .lock()
        .unwrap()
        .insert((service.to_owned(), account.to_owned()), delay);
}

impl MemoryCredential {
    fn stall_if_asked(&self) {
        let delay = delays().lock().unwrap().remove(&self.key);
        if let Some(delay) = delay {
            std::thread::sleep(delay);
        }
    }
}

impl CredentialApi for MemoryCredential {
    fn set_secret(&self, secret: &[u8]) -> keyring::Result<()> {
        self.stall_if_asked();
        self.items
            .lock()
            .unwrap()
            .insert(self.key.clone(), secret.to_vec());
        Ok(())
    }

    fn get_secret(&self) -> keyring::Result<Vec<u8>> {
        self.items
            .lock()
            .unwrap()
            .get(&self.key)
            .cloned()
            .ok_or(keyring::Error::NoEntry)
    }

    fn delete_credential(&self) -> keyring::Result<()> {
        self.stall_if_asked();
        self.items
            .lock()
            .unwrap()
            .remove(&self.key)
            .map(|_| ())
            .ok_or(keyring::Error::NoEntry)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

struct MemoryBuilder {
    items: Items,
}

impl CredentialBuilderApi for MemoryBuilder {
    fn build(
        &self,
        _target: Option<&str>,
        service: &str,
        user: &str,
    ) -> keyring::Result<Box<Credential>> {
        Ok(Box::new(MemoryCredential {
            key: (service.to_owned(), user.to_owned()),
            items: self.items.clone(),
        }))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Installs the shared in-memory store as keyring's default, once per process
/// (tests run on parallel threads; swapping builders mid-test would race).
pub fn install() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        keyring::set_default_credential_builder(Box::new(MemoryBuilder {
            items: Items::default(),
        }));
    });
}
