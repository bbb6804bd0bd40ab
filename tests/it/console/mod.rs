//! The admin console: plain HTTP tests of its guards (sign-in, cookies,
//! CSRF, caching) and browser tests driving headless Chromium over
//! WebDriver (chromedriver), plus the command that refreshes the
//! screenshots in docs/screenshots.
mod browser;
mod engagement;
pub mod http;
mod pages;
mod plain;
mod screenshots;

use crate::helpers::TestApp;

/// A server with its console on a port of its own.
pub async fn spawn() -> TestApp {
    TestApp::spawn_with(|c| c.admin_listen = "127.0.0.1:0".into()).await
}

/// The console's base URL.
pub fn base(app: &TestApp) -> String {
    format!("http://{}", app.console.expect("the console is on"))
}
