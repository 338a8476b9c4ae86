//! Test servers and the headless browser, for the tests that need them.

pub mod chromium;
pub mod http;
pub mod static_server;
