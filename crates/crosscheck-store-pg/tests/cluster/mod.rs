//! A throwaway PostgreSQL cluster for the tests: Debian's `initdb` and `pg_ctl` from the
//! highest `/usr/lib/postgresql/<version>/bin`, a data directory in a temporary directory,
//! a unix socket there (and 127.0.0.1 on a free port, for password tests), `fsync=off`.
//!
//! `initdb` refuses to run as root, so as root the cluster belongs to the `postgres` user and
//! its commands run through `runuser -u postgres --` (or `su postgres`). A [`Cluster`] stops
//! (`pg_ctl stop -m immediate`) and removes its directory when dropped, also when a test
//! panics; the one [`shared`] by a test binary's tests lives in a static, which is never
//! dropped, so a watchdog process stops it when the test process exits, however it exits.
//! Each test gets a database of its own ([`Cluster::database`]), dropped with its handle.
#![allow(dead_code, clippy::print_stderr)]

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// A role that must log in with a password over TCP (see `pg_hba.conf` below).
pub const PASSWORD_USER: &str = "pw_user";
/// Its password.
pub const PASSWORD: &str = "s3cret-Pa55";

/// A running cluster.
pub struct Cluster {
    root: PathBuf,
    data: PathBuf,
    /// The unix socket directory.
    pub socket: PathBuf,
    /// The port (unix socket name and 127.0.0.1).
    pub port: u16,
    bin: PathBuf,
    as_postgres: bool,
    watchdog: Option<Child>,
    databases: AtomicUsize,
}

/// The cluster the tests of one binary share, started on first use; `None` (with a message)
/// when no PostgreSQL binaries exist.
pub fn shared() -> Option<&'static Cluster> {
    static SHARED: OnceLock<Option<Cluster>> = OnceLock::new();
    SHARED.get_or_init(|| Cluster::start(true)).as_ref()
}

/// The highest version's binary directory, if `initdb` and `pg_ctl` are there.
fn bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            (bin.join("initdb").is_file() && bin.join("pg_ctl").is_file()).then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// A port nobody listens on now.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Cluster {
    /// Start a cluster; with `watchdog`, also a process that stops it once this process
    /// exits. `None`, saying why, when no PostgreSQL binaries exist.
    pub fn start(watchdog: bool) -> Option<Cluster> {
        let Some(bin) = bin_dir() else {
            eprintln!("skipping: no PostgreSQL binaries (install Debian's postgresql)");
            return None;
        };
        let as_postgres = std::fs::metadata("/proc/self")
            .map(|m| m.uid())
            .unwrap_or(1)
            == 0;
        let root = tempfile::Builder::new()
            .prefix("crosscheck-pg-")
            .tempdir()
            .expect("a temporary directory")
            .keep();
        let data = root.join("data");
        let socket = root.join("run");
        for dir in [&data, &socket] {
            std::fs::create_dir(dir).expect("creates the cluster's directories");
        }
        std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o755))
            .expect("opens the directory to the postgres user");
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700))
            .expect("closes the data directory");
        let mut cluster = Cluster {
            root,
            data,
            socket,
            port: free_port(),
            bin,
            as_postgres,
            watchdog: None,
            databases: AtomicUsize::new(0),
        };
        if as_postgres {
            for dir in [&cluster.data, &cluster.socket] {
                let status = Command::new("chown")
                    .arg("postgres:")
                    .arg(dir)
                    .status()
                    .expect("runs chown");
                assert!(status.success(), "chown of {}", dir.display());
            }
        }
        let data = cluster.data.display().to_string();
        cluster.run(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
        );
        // First match wins: the password role must give its password over TCP.
        std::fs::write(
            cluster.data.join("pg_hba.conf"),
            format!(
                "local all all trust\n\
                 host all {PASSWORD_USER} 127.0.0.1/32 scram-sha-256\n\
                 host all all 127.0.0.1/32 trust\n"
            ),
        )
        .expect("writes pg_hba.conf");
        let options = format!(
            "-F -c fsync=off -c full_page_writes=off -c synchronous_commit=off \
             -c listen_addresses=127.0.0.1 -c max_connections=200 -k {} -p {}",
            cluster.socket.display(),
            cluster.port
        );
        let log = cluster.socket.join("log").display().to_string();
        cluster.run(
            "pg_ctl",
            &["start", "-w", "-D", &data, "-l", &log, "-o", &options],
        );
        if watchdog {
            let script = format!(
                "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1; rm -rf '{root}'",
                pid = std::process::id(),
                stop = cluster.shell_command("pg_ctl", &["stop", "-D", &data, "-m", "immediate"]),
                root = cluster.root.display(),
            );
            cluster.watchdog = Command::new("sh")
                .args(["-c", &script])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .ok();
        }
        let mut admin = cluster.admin();
        admin
            .batch_execute(&format!(
                "CREATE ROLE {PASSWORD_USER} LOGIN SUPERUSER PASSWORD '{PASSWORD}'"
            ))
            .expect("creates the password role");
        Some(cluster)
    }

    /// Run one of the cluster's programs (as the `postgres` user when we are root), failing
    /// the test with its output when it fails.
    fn run(&self, program: &str, args: &[&str]) {
        let program = self.bin.join(program);
        let output = if self.as_postgres {
            let direct = Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(&program)
                .args(args)
                .output();
            match direct {
                Ok(output) => output,
                Err(_) => Command::new("su")
                    .args(["postgres", "-s", "/bin/sh", "-c"])
                    .arg(self.shell_command_of(&program, args))
                    .output()
                    .expect("runs su"),
            }
        } else {
            Command::new(&program)
                .args(args)
                .output()
                .expect("runs a PostgreSQL program")
        };
        assert!(
            output.status.success(),
            "{} {args:?} failed: {}{}",
            program.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// A shell command line running `program` as the cluster's owner.
    fn shell_command(&self, program: &str, args: &[&str]) -> String {
        let line = self.shell_command_of(&self.bin.join(program), args);
        if self.as_postgres {
            format!("runuser -u postgres -- {line}")
        } else {
            line
        }
    }

    fn shell_command_of(&self, program: &Path, args: &[&str]) -> String {
        let quote = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
        let mut line = quote(&program.display().to_string());
        for arg in args {
            line.push(' ');
            line.push_str(&quote(arg));
        }
        line
    }

    /// A connection string for database `db` as the superuser, over the socket.
    pub fn url(&self, db: &str) -> String {
        format!(
            "host={} port={} user=postgres dbname={db} sslmode=disable",
            self.socket.display(),
            self.port
        )
    }

    /// A connection to the `postgres` database, for setting up.
    pub fn admin(&self) -> postgres::Client {
        postgres::Client::connect(&self.url("postgres"), postgres::NoTls)
            .expect("connects to the cluster")
    }

    /// A new, empty database of this test's own.
    pub fn database(&self) -> Database<'_> {
        let n = self.databases.fetch_add(1, Ordering::Relaxed);
        let name = format!("t_{}_{n}", std::process::id());
        self.admin()
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("creates a database");
        Database {
            cluster: self,
            name,
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.data.display().to_string();
        let stop = self.shell_command("pg_ctl", &["stop", "-D", &data, "-m", "immediate"]);
        let _ = Command::new("sh")
            .args(["-c", &stop])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        if let Some(mut watchdog) = self.watchdog.take() {
            let _ = watchdog.kill();
            let _ = watchdog.wait();
        }
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// A database of one test, dropped with this handle.
pub struct Database<'a> {
    cluster: &'a Cluster,
    /// Its name.
    pub name: String,
}

impl Database<'_> {
    /// Its connection string.
    pub fn url(&self) -> String {
        self.cluster.url(&self.name)
    }
}

impl Drop for Database<'_> {
    fn drop(&mut self) {
        let _ = self.cluster.admin().batch_execute(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ));
    }
}
