//! Builds the whole application from [`Settings`]: database, demo data, routes, listener.

use crate::configuration::Settings;
use crate::db::Pool;
use crate::db::{self, DbError};
use crate::state::{AppState, PublicConfig};
use crate::{csrf, demo, routes, static_files};
use axum::http::{header, HeaderValue};
use axum::Router;
use tokio::net::TcpListener;
use tower_http::compression::predicate::SizeAbove;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("could not create the demo schedule: {0}")]
    Demo(#[from] crate::store::StoreError),
    #[error("could not listen on {addr}: {source}")]
    Bind { addr: std::net::SocketAddr, source: std::io::Error },
}

/// A server bound to its port, ready to run.
pub struct Application {
    listener: TcpListener,
    router: Router,
    pool: Pool,
}

impl Application {
    pub async fn build(settings: &Settings) -> Result<Self, StartupError> {
        let pool = db::connect(&settings.database_url).await?;
        if settings.seed_demo && demo::is_empty(&pool).await? {
            demo::seed(&pool, crate::state::now()).await?;
        }
        let listener = TcpListener::bind(settings.addr)
            .await
            .map_err(|source| StartupError::Bind { addr: settings.addr, source })?;
        let bound = listener.local_addr().map_err(|source| StartupError::Bind { addr: settings.addr, source })?;
        let public_url = settings.public_url.clone().unwrap_or_else(|| format!("http://{bound}"));
        Ok(Application { listener, router: router(pool.clone(), settings, public_url), pool })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or_default()
    }

    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Serves until Ctrl-C or SIGTERM, then finishes the requests in flight.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let app = self.router.into_make_service_with_connect_info::<std::net::SocketAddr>();
        axum::serve(self.listener, app).with_graceful_shutdown(shutdown_signal()).await
    }
}

/// The API under `/api/v1`, the PWA everywhere else, with headers every response carries.
/// `public_url` is where people reach this server (see [`Settings::public_url`]).
pub fn router(pool: Pool, settings: &Settings, public_url: String) -> Router {
    let origin = csrf::PublicOrigin::of(&public_url);
    let config =
        PublicConfig { public_url, secure_cookies: settings.secure_cookies, referrals: settings.referrals.clone() };
    let writer = crate::writer::Writer::start(pool.clone());
    let proxies = crate::client_addr::TrustedProxies::new(settings.trusted_proxies.clone());
    let clock = settings.clock.clone();
    let state =
        AppState { pool, config: std::sync::Arc::new(config), writer, facts: Default::default(), proxies, clock };
    // Large answers (a caseload, a report, a FHIR Bundle) go compressed to phones on thin data;
    // at the fastest level, as the server's CPU is shared with every sync.
    let compression = CompressionLayer::new().quality(CompressionLevel::Fastest).compress_when(SizeAbove::new(1024));
    let api = routes::api(state)
        .layer(axum::middleware::from_fn_with_state(origin, csrf::refuse_cross_site_staff_writes))
        .layer(compression);
    Router::new()
        .nest(routes::PREFIX, api)
        .merge(static_files::router(&settings.dist_dir))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&static_files::content_security_policy(&settings.dist_dir))
                .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'")),
        ))
        .layer(TraceLayer::new_for_http())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}
