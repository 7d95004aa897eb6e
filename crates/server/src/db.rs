//! Opening the database durably and bringing its schema up to date: an SQLite file by default,
//! PostgreSQL when the URL says `postgres://`; write transactions that take turns; and the helpers
//! the statements in [`crate::store`] share (placeholders, a yes/no column). Every query is written
//! once, with `$1`-style placeholders and SQL both databases run the same way, and goes through
//! sqlx's `Any` driver.

use sqlx::any::AnyPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::ConnectOptions;
use std::collections::HashMap;
use std::str::FromStr;

/// The connection pool every handler uses, whichever database is behind it.
pub type Pool = sqlx::AnyPool;

/// A transaction on [`Pool`].
pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// `sqlite:` or `postgres:`/`postgresql:`; anything else is refused.
    pub fn of_url(url: &str) -> Result<Self, DbError> {
        match url.split(':').next() {
            Some("sqlite") => Ok(Backend::Sqlite),
            Some("postgres" | "postgresql") => Ok(Backend::Postgres),
            _ => Err(DbError::Unsupported(url.split('@').next_back().unwrap_or_default().to_string())),
        }
    }

    /// The database behind a pool.
    pub fn of_pool(pool: &Pool) -> Self {
        match pool.connect_options().database_url.scheme() {
            "sqlite" => Backend::Sqlite,
            _ => Backend::Postgres,
        }
    }

    /// The migrations for this database: the same schema, step for step, in each one's dialect.
    pub fn migrator(self) -> sqlx::migrate::Migrator {
        match self {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite"),
            Backend::Postgres => sqlx::migrate!("./migrations/postgres"),
        }
    }
}

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL must start with sqlite:// or postgres:// (got one ending {0})")]
    Unsupported(String),
    #[error("could not open the database: {0}")]
    Open(#[from] sqlx::Error),
    #[error("could not apply migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Opens the database and runs the embedded migrations.
///
/// SQLite: the file is created if missing and put in WAL mode, and every connection uses
/// `synchronous=FULL`, so anything the server acknowledges survives a crash. PostgreSQL commits
/// are durable by default (`fsync` and `synchronous_commit` on).
pub async fn connect(url: &str) -> Result<Pool, DbError> {
    sqlx::any::install_default_drivers();
    let backend = Backend::of_url(url)?;
    let options = match backend {
        Backend::Sqlite => {
            // WAL mode is a property of the file; set it once, before the pool opens connections.
            SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .connect()
                .await?;
            // Each SQLite connection runs on its own thread and its work is CPU, not waiting:
            // more of them than twice the cores only adds thread switches (measured by make bench).
            let cores = std::thread::available_parallelism().map_or(2, usize::from);
            AnyPoolOptions::new().max_connections(2 * cores as u32).after_connect(|conn, _| {
                Box::pin(async move {
                    sqlx::raw_sql("PRAGMA synchronous = FULL").execute(conn).await?;
                    Ok(())
                })
            })
        }
        Backend::Postgres => AnyPoolOptions::new().max_connections(16),
    };
    let pool = options.connect(url).await?;
    backend.migrator().run(&pool).await?;
    Ok(pool)
}

/// The key of the PostgreSQL advisory lock that write transactions take (any fixed number).
const WRITE_LOCK: i64 = 0x5354_4541_4459;

/// A write transaction, holding this process's turn to write (SQLite) until it ends.
pub struct WriteTx {
    tx: Tx,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl WriteTx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl std::ops::Deref for WriteTx {
    type Target = sqlx::AnyConnection;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

/// Each SQLite file's queue of writers in this process. SQLite lets one writer in at a time and
/// makes the others poll with growing sleeps (up to 100 ms each), which makes slow outliers under
/// load; queueing here first lets writers in first come, first served. It only orders writers: the
/// database's own lock still keeps other processes out, so nothing breaks when scaled out.
fn write_turns(pool: &Pool) -> std::sync::Arc<tokio::sync::Mutex<()>> {
    static TURNS: std::sync::LazyLock<std::sync::Mutex<HashMap<String, std::sync::Arc<tokio::sync::Mutex<()>>>>> =
        std::sync::LazyLock::new(Default::default);
    let mut turns = TURNS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    turns.entry(pool.connect_options().database_url.path().to_string()).or_default().clone()
}

/// Begins a transaction that writes, holding the database's write lock from the start so that
/// writers take turns: on SQLite `BEGIN IMMEDIATE` after this process's queue (waiting up to the busy
/// timeout for other processes rather than failing on a lock upgrade); on PostgreSQL a
/// transaction-scoped advisory lock, which serialises writers across every server process sharing
/// the database, exactly as SQLite does.
pub async fn write_tx(pool: &Pool) -> Result<WriteTx, sqlx::Error> {
    match Backend::of_pool(pool) {
        Backend::Sqlite => {
            let turn = write_turns(pool).lock_owned().await;
            Ok(WriteTx { tx: pool.begin_with("BEGIN IMMEDIATE").await?, _turn: Some(turn) })
        }
        Backend::Postgres => {
            let mut tx = pool.begin().await?;
            sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(WRITE_LOCK).execute(&mut *tx).await?;
            Ok(WriteTx { tx, _turn: None })
        }
    }
}

/// `count` placeholders numbered from `$first`, e.g. `$2, $3, $4`, for an `IN (…)` list or a row.
pub fn placeholders(count: usize, first: usize) -> String {
    (first..first + count).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ")
}

/// Placeholders for a multi-row `VALUES` list: `rows` groups of `columns`, numbered from `$first`,
/// e.g. `($2, $3), ($4, $5)`. One statement for many rows saves a round trip per row.
pub fn value_rows(rows: usize, columns: usize, first: usize) -> String {
    let row = |r: usize| format!("({})", placeholders(columns, first + r * columns));
    (0..rows).map(row).collect::<Vec<_>>().join(", ")
}

/// A yes/no column. SQLite has no boolean type, so both databases store 0 or 1; this reads that
/// back (or a PostgreSQL boolean, such as an `EXISTS (…)` result) as a `bool`, and writes 0 or 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag(pub bool);

impl From<Flag> for bool {
    fn from(flag: Flag) -> bool {
        flag.0
    }
}

impl sqlx::Type<sqlx::Any> for Flag {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <i64 as sqlx::Type<sqlx::Any>>::type_info()
    }

    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        <i64 as sqlx::Type<sqlx::Any>>::compatible(ty) || <bool as sqlx::Type<sqlx::Any>>::compatible(ty)
    }
}

impl<'r> sqlx::Decode<'r, sqlx::Any> for Flag {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        use sqlx::ValueRef;
        if value.type_info().kind() == sqlx::any::AnyTypeInfoKind::Bool {
            return <bool as sqlx::Decode<sqlx::Any>>::decode(value).map(Flag);
        }
        <i64 as sqlx::Decode<sqlx::Any>>::decode(value).map(|n| Flag(n != 0))
    }
}

impl sqlx::Encode<'_, sqlx::Any> for Flag {
    fn encode_by_ref(
        &self,
        buf: &mut <sqlx::Any as sqlx::Database>::ArgumentBuffer,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <i64 as sqlx::Encode<sqlx::Any>>::encode_by_ref(&i64::from(self.0), buf)
    }
}

#[cfg(test)]
mod tests {
    use super::Backend;

    #[test]
    fn both_databases_have_the_same_migrations_in_the_same_order() {
        let names = |backend: Backend| {
            backend.migrator().iter().map(|m| (m.version, m.description.to_string())).collect::<Vec<_>>()
        };
        assert!(names(Backend::Sqlite).len() >= 5);
        assert_eq!(names(Backend::Sqlite), names(Backend::Postgres));
    }

    #[test]
    fn placeholders_count_up_from_the_first() {
        assert_eq!(super::placeholders(3, 2), "$2, $3, $4");
        assert_eq!(super::placeholders(0, 1), "");
    }

    #[test]
    fn value_rows_number_every_placeholder_once() {
        assert_eq!(super::value_rows(2, 3, 2), "($2, $3, $4), ($5, $6, $7)");
        assert_eq!(super::value_rows(1, 1, 1), "($1)");
    }

    #[test]
    fn urls_name_their_database() {
        assert_eq!(Backend::of_url("sqlite://data/steady.db").ok(), Some(Backend::Sqlite));
        assert_eq!(Backend::of_url("postgres://steady@db/steady").ok(), Some(Backend::Postgres));
        assert_eq!(Backend::of_url("postgresql://steady@db/steady").ok(), Some(Backend::Postgres));
        let refused = Backend::of_url("mysql://root:secret@db/steady").expect_err("MySQL is not supported");
        assert!(!refused.to_string().contains("secret"), "the password is not echoed: {refused}");
    }
}
