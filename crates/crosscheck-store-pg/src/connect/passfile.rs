//! The password file (`~/.pgpass`): `host:port:database:user:password` lines, `*` matching
//! anything, `\:` and `\\` escapes.

use std::path::Path;

use super::DEFAULT_SOCKET_DIR;

/// The password file's text, if it may be read: libpq ignores a file that others may read.
pub(super) fn read_passfile(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            return None;
        }
    }
    if !meta.is_file() {
        return None;
    }
    std::fs::read_to_string(path).ok()
}

/// The password of the first line of a password file (`host:port:database:user:password`,
/// `*` matching anything, `\:` and `\\` escapes) matching the connection. A socket in the
/// default directory matches `localhost`, as in libpq.
pub(crate) fn passfile_password(
    text: &str,
    host: &str,
    port: &str,
    db: &str,
    user: &str,
) -> Option<String> {
    let host = if host.is_empty() || host == DEFAULT_SOCKET_DIR || host == "/run/postgresql" {
        "localhost"
    } else {
        host
    };
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields = passfile_fields(line);
        let [h, p, d, u, password] = fields.as_slice() else {
            continue;
        };
        let matches = |field: &str, value: &str| field == "*" || field == value;
        if matches(h, host) && matches(p, port) && matches(d, db) && matches(u, user) {
            return Some(password.clone());
        }
    }
    None
}

/// A password file line's five fields, unescaped (the last takes the rest of the line).
fn passfile_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    if let Some(field) = fields.last_mut() {
                        field.push(next);
                    }
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            _ => {
                if let Some(field) = fields.last_mut() {
                    field.push(c);
                }
            }
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connect::parse;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn password_file_lines_match_with_wildcards_and_escapes() {
        let text = "# comment\n\
                    other:5432:*:ann:wrong\n\
                    db\\:1:*:news:ann:pa\\:ss\\\\word\n\
                    *:*:*:ann:fallback:with:colons\n";
        assert_eq!(
            passfile_password(text, "db:1", "5432", "news", "ann").as_deref(),
            Some("pa:ss\\word")
        );
        assert_eq!(
            passfile_password(text, "h", "1", "x", "ann").as_deref(),
            Some("fallback:with:colons")
        );
        assert_eq!(passfile_password(text, "h", "1", "x", "bob"), None);
        assert_eq!(
            passfile_password(
                "localhost:5432:*:*:sock\n",
                DEFAULT_SOCKET_DIR,
                "5432",
                "d",
                "u"
            )
            .as_deref(),
            Some("sock")
        );
    }

    #[test]
    fn password_file_is_read_when_private() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("pgpass");
        std::fs::write(&file, "h:5432:db:ann:frompass\n").expect("writes");
        let url = format!("host=h dbname=db user=ann passfile={}", file.display());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).expect("chmod");
            let target = parse(&url, &no_env).expect("parses");
            assert_eq!(target.config.get_password(), None, "readable by others");
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        }
        let target = parse(&url, &no_env).expect("parses");
        assert_eq!(target.config.get_password(), Some(&b"frompass"[..]));
    }
}
