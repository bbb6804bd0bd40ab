//! The console's Leagues page.
