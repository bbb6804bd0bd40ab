//! The test wallet's own accept loop, so that it can stop listening (a
//! wallet that is down refuses connections and cuts the ones open) and
//! listen again on the same port, over plain TCP or TLS.
use std::{
    net::SocketAddr,
    sync::{Arc, Mutex},
};

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::{rt::TokioIo, service::TowerToHyperService};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_util::sync::CancellationToken;

pub struct Listener {
    pub addr: SocketAddr,
    router: Router,
    tls: Option<TlsAcceptor>,
    /// Cancels the accept loop and every open connection; None while down.
    running: Mutex<Option<CancellationToken>>,
}

impl Listener {
    /// Listens on a free loopback port.
    pub async fn start(router: Router, tls: Option<TlsAcceptor>) -> Arc<Listener> {
        let socket = TcpListener::bind("127.0.0.1:0").await.expect("bind wallet");
        let listener = Arc::new(Listener {
            addr: socket.local_addr().expect("wallet address"),
            router,
            tls,
            running: Mutex::new(None),
        });
        listener.serve(socket);
        listener
    }

    /// Stops listening and drops every connection: calls are refused or cut.
    pub fn down(&self) {
        if let Some(running) = self.running.lock().expect("running").take() {
            running.cancel();
        }
    }

    /// Listens again on the same port (no-op while up).
    pub async fn up(&self) {
        if self.running.lock().expect("running").is_some() {
            return;
        }
        // The port was ours a moment ago; SO_REUSEADDR lets it be bound again.
        let socket = TcpListener::bind(self.addr)
            .await
            .expect("bind wallet again");
        self.serve(socket);
    }

    fn serve(&self, socket: TcpListener) {
        let stop = CancellationToken::new();
        *self.running.lock().expect("running") = Some(stop.clone());
        let (router, tls) = (self.router.clone(), self.tls.clone());
        tokio::spawn(async move {
            loop {
                let accepted = tokio::select! {
                    () = stop.cancelled() => return,
                    accepted = socket.accept() => accepted,
                };
                let Ok((stream, _)) = accepted else { continue };
                let (router, tls, stop) = (router.clone(), tls.clone(), stop.clone());
                tokio::spawn(async move {
                    tokio::select! {
                        () = stop.cancelled() => {}
                        () = connection(stream, router, tls) => {}
                    }
                });
            }
        });
    }
}

async fn connection(stream: TcpStream, router: Router, tls: Option<TlsAcceptor>) {
    let service = TowerToHyperService::new(router);
    let http = http1::Builder::new();
    match tls {
        None => {
            let _ = http.serve_connection(TokioIo::new(stream), service).await;
        }
        // A client that does not trust the certificate ends the handshake.
        Some(acceptor) => {
            if let Ok(stream) = acceptor.accept(stream).await {
                let _ = http.serve_connection(TokioIo::new(stream), service).await;
            }
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.down();
    }
}
