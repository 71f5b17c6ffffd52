//! Connecting the libpq way: connection strings as URLs (`postgres://user@host:port/db?...`)
//! or `key=value` words, the `PG*` environment variables for what the string leaves out, the
//! password file (`~/.pgpass`, or `PGPASSFILE`/`passfile`), `sslmode`, and connection strings
//! with their password hidden ([`redact`]) for every message that names one.
//!
//! The `postgres` crate parses a subset of libpq's options and reads neither the environment
//! nor the password file, so the string is read here and the client's configuration built
//! from it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use openssl::ssl::{SslConnector, SslMethod, SslVerifyMode};
use postgres::config::{SslMode, TargetSessionAttrs};
use postgres::{Client, Config, NoTls};
use postgres_openssl::MakeTlsConnector;

use crate::error::PgError;

mod passfile;
mod syntax;

use passfile::{passfile_password, read_passfile};
pub use syntax::redact;
use syntax::{keyword_params, url_params};

/// Where libpq looks for a server when nothing names one (Debian's socket directory).
pub(crate) const DEFAULT_SOCKET_DIR: &str = "/var/run/postgresql";
/// The default port.
const DEFAULT_PORT: u16 = 5432;

/// How TLS is negotiated (`sslmode`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Tls {
    /// `disable`: never.
    Off,
    /// `allow`, `prefer` (the default) and `require`: encrypted when the server offers it
    /// (`require`: or fail), the certificate not checked, as libpq does without a root
    /// certificate.
    Unverified,
    /// `verify-ca` (`hostname: false`) and `verify-full`: the server's certificate checked
    /// against the root certificate `root` (else the system's), and its host name too for
    /// `verify-full`.
    Verified {
        /// The root certificate file, if one is named or `~/.postgresql/root.crt` exists.
        root: Option<PathBuf>,
        /// Whether the certificate must name the host.
        hostname: bool,
    },
}

/// A parsed connection string: the client's configuration and how to do TLS.
#[derive(Clone)]
pub(crate) struct Target {
    /// The client's configuration, environment defaults and password applied.
    pub config: Config,
    /// How to negotiate TLS.
    pub tls: Tls,
    /// The connection string as given, password hidden.
    pub url: String,
}

/// The environment as the connection string reader sees it (a function, so tests need not
/// change the process's environment).
pub(crate) type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Read `url` as libpq does: the string's own options, then the `PG*` variables of `env`,
/// then the password file for a password still missing.
pub(crate) fn parse(url: &str, env: Env<'_>) -> Result<Target, PgError> {
    let redacted = redact(url);
    let fail = |message: String| PgError::Config {
        url: redacted.clone(),
        message,
    };
    let mut params = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        url_params(url)
    } else {
        keyword_params(url)
    }
    .map_err(&fail)?;
    for (key, var) in [
        ("host", "PGHOST"),
        ("hostaddr", "PGHOSTADDR"),
        ("port", "PGPORT"),
        ("user", "PGUSER"),
        ("password", "PGPASSWORD"),
        ("dbname", "PGDATABASE"),
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("passfile", "PGPASSFILE"),
        ("connect_timeout", "PGCONNECT_TIMEOUT"),
        ("application_name", "PGAPPNAME"),
        ("options", "PGOPTIONS"),
        ("target_session_attrs", "PGTARGETSESSIONATTRS"),
    ] {
        if !params.iter().any(|(k, _)| k == key) {
            if let Some(value) = env(var).filter(|v| !v.is_empty()) {
                params.push((key.to_string(), value));
            }
        }
    }
    let get = |key: &str| -> Option<&str> {
        params
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let mut config = Config::new();
    let hosts: Vec<String> = match get("host") {
        Some(hosts) => hosts.split(',').map(str::to_string).collect(),
        None if get("hostaddr").is_some() => Vec::new(),
        None => vec![DEFAULT_SOCKET_DIR.to_string()],
    };
    for host in &hosts {
        config.host(if host.is_empty() {
            DEFAULT_SOCKET_DIR
        } else {
            host
        });
    }
    if let Some(addrs) = get("hostaddr") {
        for addr in addrs.split(',') {
            let addr = addr
                .parse()
                .map_err(|_| fail(format!("invalid hostaddr {addr:?}")))?;
            config.hostaddr(addr);
        }
    }
    let mut ports = Vec::new();
    if let Some(list) = get("port") {
        for port in list.split(',') {
            let port = if port.is_empty() {
                DEFAULT_PORT
            } else {
                port.parse()
                    .map_err(|_| fail(format!("invalid port {port:?}")))?
            };
            config.port(port);
            ports.push(port);
        }
    }
    let user = get("user")
        .map(str::to_string)
        .or_else(|| env("USER"))
        .or_else(|| env("LOGNAME"));
    if let Some(user) = &user {
        config.user(user);
    }
    let dbname = get("dbname").map(str::to_string).or_else(|| user.clone());
    if let Some(dbname) = &dbname {
        config.dbname(dbname);
    }
    if let Some(name) = get("application_name") {
        config.application_name(name);
    }
    if let Some(options) = get("options") {
        config.options(options);
    }
    if let Some(seconds) = get("connect_timeout") {
        let seconds: u64 = seconds
            .trim()
            .parse()
            .map_err(|_| fail(format!("invalid connect_timeout {seconds:?}")))?;
        if seconds > 0 {
            config.connect_timeout(Duration::from_secs(seconds.max(2)));
        }
    }
    match get("target_session_attrs") {
        None | Some("any") => {}
        Some("read-write") => {
            config.target_session_attrs(TargetSessionAttrs::ReadWrite);
        }
        Some(other) => return Err(fail(format!("unsupported target_session_attrs {other:?}"))),
    }
    let root = get("sslrootcert").map(PathBuf::from).or_else(|| {
        let home = env("HOME")?;
        let default = Path::new(&home).join(".postgresql/root.crt");
        default.is_file().then_some(default)
    });
    let tls = match get("sslmode").unwrap_or("prefer") {
        "disable" => Tls::Off,
        "allow" | "prefer" | "require" => Tls::Unverified,
        "verify-ca" => Tls::Verified {
            root,
            hostname: false,
        },
        "verify-full" => Tls::Verified {
            root,
            hostname: true,
        },
        other => return Err(fail(format!("invalid sslmode {other:?}"))),
    };
    config.ssl_mode(match get("sslmode").unwrap_or("prefer") {
        "disable" => SslMode::Disable,
        "allow" | "prefer" => SslMode::Prefer,
        _ => SslMode::Require,
    });
    if let Some(password) = get("password") {
        config.password(password);
    } else if let Some(user) = &user {
        let file = get("passfile")
            .map(PathBuf::from)
            .or_else(|| env("HOME").map(|home| Path::new(&home).join(".pgpass")));
        let host = hosts.first().map(String::as_str).unwrap_or("");
        let port = ports.first().copied().unwrap_or(DEFAULT_PORT).to_string();
        let db = dbname.as_deref().unwrap_or(user);
        if let Some(password) = file
            .as_deref()
            .and_then(read_passfile)
            .and_then(|text| passfile_password(&text, host, &port, db, user))
        {
            config.password(password);
        }
    }
    Ok(Target {
        config,
        tls,
        url: redacted,
    })
}

/// Connect to `target`.
pub(crate) fn connect(target: &Target) -> Result<Client, PgError> {
    let connected = match &target.tls {
        Tls::Off => target.config.connect(NoTls),
        tls => target
            .config
            .connect(tls_connector(tls).map_err(|message| PgError::Tls {
                url: target.url.clone(),
                message,
            })?),
    };
    connected.map_err(|source| PgError::Connect {
        url: target.url.clone(),
        source,
    })
}

/// The OpenSSL connector for `tls` (not [`Tls::Off`]).
fn tls_connector(tls: &Tls) -> Result<MakeTlsConnector, String> {
    let mut builder = SslConnector::builder(SslMethod::tls()).map_err(|e| e.to_string())?;
    let check_hostname = match tls {
        Tls::Off | Tls::Unverified => {
            builder.set_verify(SslVerifyMode::NONE);
            false
        }
        Tls::Verified { root, hostname } => {
            builder.set_verify(SslVerifyMode::PEER);
            match root {
                Some(root) => builder
                    .set_ca_file(root)
                    .map_err(|e| format!("root certificate {}: {e}", root.display()))?,
                None => builder
                    .set_default_verify_paths()
                    .map_err(|e| e.to_string())?,
            }
            *hostname
        }
    };
    let mut connector = MakeTlsConnector::new(builder.build());
    connector.set_callback(move |config, _| {
        config.set_verify_hostname(check_hostname);
        Ok(())
    });
    Ok(connector)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn redacts_every_password_spelling() {
        assert_eq!(
            redact("postgres://ann:s3cret@db.example:5433/news?sslmode=require"),
            "postgres://ann:***@db.example:5433/news?sslmode=require"
        );
        assert_eq!(
            redact("postgresql://ann@db/news?password=s3cret&sslmode=disable"),
            "postgresql://ann@db/news?password=***&sslmode=disable"
        );
        assert_eq!(
            redact("host=db user=ann password='s3 cret\\'x' dbname=news"),
            "host=db user=ann password=*** dbname=news"
        );
        assert_eq!(
            redact("host=db password = s3cret"),
            "host=db password = ***"
        );
        assert_eq!(redact("host=db password='s3cret"), "host=db password=***");
        assert_eq!(redact("postgres://ann@db/news"), "postgres://ann@db/news");
        for url in [
            "postgres://ann:s3cret@db/news",
            "host=db password=s3cret",
            "postgres://db/news?password=s3cret",
            "password=s3cret",
        ] {
            assert!(!redact(url).contains("s3cret"), "{url}");
        }
    }

    #[test]
    fn reads_urls_and_keywords() {
        let target = parse(
            "postgres://ann:pw@%2Frun%2Fpostgresql:5433/news?sslmode=disable&application_name=cc",
            &no_env,
        )
        .expect("parses");
        assert_eq!(target.config.get_user(), Some("ann"));
        assert_eq!(target.config.get_password(), Some(&b"pw"[..]));
        assert_eq!(target.config.get_dbname(), Some("news"));
        assert_eq!(target.config.get_ports(), [5433]);
        assert_eq!(target.tls, Tls::Off);
        assert_eq!(
            target.url,
            "postgres://ann:***@%2Frun%2Fpostgresql:5433/news?sslmode=disable&application_name=cc"
        );
        let target =
            parse("host=/run/postgresql port=7 user='a b' dbname=x", &no_env).expect("parses");
        assert_eq!(target.config.get_user(), Some("a b"));
        assert_eq!(target.tls, Tls::Unverified);
        assert!(parse("host=x bogus=1", &no_env).is_err());
        assert!(parse("postgres://x/db?sslmode=maybe", &no_env).is_err());
        let err = parse("postgres://ann:s3cret@db/x?sslmode=maybe", &no_env)
            .err()
            .expect("fails");
        assert!(!err.to_string().contains("s3cret"), "{err}");
    }

    #[test]
    fn environment_fills_what_the_string_leaves_out() {
        let env = |name: &str| -> Option<String> {
            match name {
                "PGHOST" => Some("/run/postgresql".into()),
                "PGUSER" => Some("bob".into()),
                "PGPASSWORD" => Some("envpw".into()),
                "PGDATABASE" => Some("corpus".into()),
                "PGSSLMODE" => Some("require".into()),
                _ => None,
            }
        };
        let target = parse("dbname=other", &env).expect("parses");
        assert_eq!(target.config.get_user(), Some("bob"));
        assert_eq!(target.config.get_dbname(), Some("other"));
        assert_eq!(target.config.get_password(), Some(&b"envpw"[..]));
        assert_eq!(target.config.get_ssl_mode(), SslMode::Require);
        let target = parse("postgres://ann:own@h/db", &env).expect("parses");
        assert_eq!(target.config.get_password(), Some(&b"own"[..]));
    }
}
