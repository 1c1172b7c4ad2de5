//! The networks users have, for tests: the sandbox behind TLS with a
//! certificate from a CA made for the test ([`tls`]), and a forward proxy
//! on loopback that tunnels CONNECT requests, or refuses them ([`proxy`]).
//! Both are real sockets; nothing about them is simulated in the client.

pub mod proxy;
pub mod tls;
