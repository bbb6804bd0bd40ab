//! Compiles `proto/` into Rust with tonic-prost-build and writes the file
//! descriptor set that server reflection serves. protoc comes vendored, so a
//! fresh machine needs nothing installed.
use std::{env, error::Error, fs, path::PathBuf};

fn main() -> Result<(), Box<dyn Error>> {
    let proto_dir = PathBuf::from("proto/gamification/v1");
    let mut protos: Vec<PathBuf> = fs::read_dir(&proto_dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "proto"))
        .collect();
    protos.sort();

    // PostgreSQL-only integration tests run when the suite is built against
    // a server (TEST_DATABASE_URL); on SQLite they are reported ignored,
    // with their reason, rather than passed without running.
    println!("cargo::rustc-check-cfg=cfg(postgres_tests)");
    println!("cargo:rerun-if-env-changed=TEST_DATABASE_URL");
    if env::var("TEST_DATABASE_URL").is_ok_and(|url| !url.is_empty()) {
        println!("cargo:rustc-cfg=postgres_tests");
    }

    // The admin console's browser tests drive headless Chromium through
    // chromedriver. Outside CI, without both on PATH, they are reported
    // ignored with their reason; under CI (CI set) they always run, and
    // .ci/run installs the two.
    println!("cargo::rustc-check-cfg=cfg(browser_tests)");
    println!("cargo:rerun-if-env-changed=CI");
    println!("cargo:rerun-if-env-changed=PATH");
    let on_path = |name: &str| {
        env::var_os("PATH")
            .is_some_and(|path| env::split_paths(&path).any(|dir| dir.join(name).is_file()))
    };
    let ci = env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false");
    if ci || (on_path("chromedriver") && (on_path("chromium") || on_path("chromium-browser"))) {
        println!("cargo:rustc-cfg=browser_tests");
    }

    // tonic-prost-build does not emit rerun-if-changed on its own.
    println!("cargo:rerun-if-changed=proto");
    for proto in &protos {
        println!("cargo:rerun-if-changed={}", proto.display());
    }

    let mut config = tonic_prost_build::Config::new();
    config.protoc_executable(protoc_bin_vendored::protoc_bin_path()?);
    // `prost::Name` on every message: the checked codec finds a request's
    // descriptor by its full name.
    config.enable_type_names();
    let descriptor = PathBuf::from(env::var("OUT_DIR")?).join("gamification_descriptor.bin");
    let includes = [PathBuf::from("proto"), protoc_bin_vendored::include_path()?];
    tonic_prost_build::configure()
        .file_descriptor_set_path(&descriptor)
        // Every decoded request passes the text checks of src/text/.
        .codec_path("crate::text::codec::CheckedCodec")
        .compile_with_config(config, &protos, &includes)?;
    Ok(())
}
